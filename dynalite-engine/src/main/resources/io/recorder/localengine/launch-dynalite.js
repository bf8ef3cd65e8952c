// Starts dynalite on 127.0.0.1 and exits when the parent JVM goes away (its stdin closes), so no
// node process is ever orphaned, even when the JVM is killed with SIGKILL.
// Usage: node launch-dynalite.js <dynalite module dir> <port> [leveldb path]
const [moduleDir, port, path] = process.argv.slice(2);
const dynalite = require(moduleDir);
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (path) options.path = path;
const server = dynalite(options);
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
