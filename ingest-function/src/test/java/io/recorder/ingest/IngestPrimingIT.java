package io.recorder.ingest;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.localengine.SnapStartPrimingContract;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class IngestPrimingIT extends SnapStartPrimingContract {
    @Override
    protected boolean prime(DynamoDbClient dynamo, String tableName) {
        IngestHandler handler = new IngestHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_INGEST), new StderrIngestEvents(new PrintStream(OutputStream.nullOutputStream())));
        return new IngestPriming(handler, new LedgerTable(dynamo, tableName), CLOCK).prime();
    }
}
