package io.recorder.query;

import io.recorder.dynamodb.LedgerTable;
import io.recorder.localengine.SnapStartPrimingContract;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import java.io.OutputStream;
import java.io.PrintStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class QueryPrimingIT extends SnapStartPrimingContract {
    @Override
    protected boolean prime(DynamoDbClient dynamo, String tableName) {
        QueryHandler handler = new QueryHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_QUERY), new StderrQueryEvents(new PrintStream(OutputStream.nullOutputStream())));
        return new QueryPriming(handler, new LedgerTable(dynamo, tableName), CLOCK).prime();
    }
}
