// Starts dynalite on 127.0.0.1 and exits when the parent JVM goes away (its stdin closes), so no
// node process is ever orphaned, even when the JVM is killed with SIGKILL.
// Usage: node launch-dynalite.js <dynalite module dir> <port> [leveldb path]
// Environment: RECORDER_ENGINE_LEAK_ITERATORS=1 leaves dynalite's iterator leak in place (only to
// reproduce it: docs/reliability.md, "The engine went back in time").
const path = require('path');
const [moduleDir, port, dataPath] = process.argv.slice(2);

const openIterators = new Set();
installIteratorFix(moduleDir, process.env.RECORDER_ENGINE_LEAK_ITERATORS !== '1');

const dynalite = require(moduleDir);
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (dataPath) options.path = dataPath;
const server = dynalite(options);
serveDiagnostics(server);
server.listen(Number(port), '127.0.0.1', (err) => {
  if (err) { console.error(err); process.exit(1); }
  console.log('dynalite listening on 127.0.0.1:' + server.address().port);
});
const stop = () => server.close(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// dynalite 4.0.0 ends the streams behind Query, Scan and ListTables by calling iterator.return(),
// which abstract-level 3 iterators do not have, so no iterator was ever closed. Each open LevelDB
// iterator pins a snapshot, and LevelDB 1.20 (bundled by classic-level 3.0.0) can then serve an old
// version of a rewritten key after compactions (google/leveldb#320); the pinned snapshots also keep
// every overwritten version on disk and in memory. Giving the iterators the return() dynalite calls
// closes them. The patch goes on the prototype shared by entry, key and value iterators: dynalite's
// streams use db.keys() and db.values(), so patching AbstractIterator alone is not enough.
function installIteratorFix(dir, fix) {
  const engines = ['classic-level', 'memory-level']
    .map((name) => { try { return path.dirname(require.resolve(name + '/package.json', { paths: [dir] })); } catch { return null; } })
    .filter(Boolean);
  const patched = new Set();
  for (const engineDir of engines) {
    const abstractLevel = require(require.resolve('abstract-level', { paths: [engineDir] }));
    const common = Object.getPrototypeOf(abstractLevel.AbstractIterator.prototype);
    if (patched.has(common)) continue;
    patched.add(common);
    for (const kind of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
      if (Object.getPrototypeOf(abstractLevel[kind].prototype) !== common || typeof common.close !== 'function') {
        throw new Error('abstract-level changed shape (' + kind + '): review the iterator fix in launch-dynalite.js');
      }
    }
    if (fix && typeof common.return !== 'function') {
      common.return = function () { return this.close(); };
    }
    // Every iterator attaches itself to its database until it is closed: count them for /_engine/iterators.
    const level = abstractLevel.AbstractLevel.prototype;
    const attach = level.attachResource;
    const detach = level.detachResource;
    level.attachResource = function (resource) {
      if (common.isPrototypeOf(resource)) openIterators.add(resource);
      return attach.call(this, resource);
    };
    level.detachResource = function (resource) {
      openIterators.delete(resource);
      return detach.call(this, resource);
    };
  }
  if (patched.size === 0) throw new Error('abstract-level not found from ' + dir);
}

// GET /_engine/iterators answers how many LevelDB iterators are open (each pins a snapshot), for the
// regression tests and the engine load script. DynamoDB's API is POST / only, so nothing collides.
function serveDiagnostics(httpServer) {
  const handlers = httpServer.listeners('request');
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req, res) => {
    if (req.method === 'GET' && req.url === '/_engine/iterators') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ open: openIterators.size }));
      return;
    }
    for (const handler of handlers) handler.call(httpServer, req, res);
  });
}
