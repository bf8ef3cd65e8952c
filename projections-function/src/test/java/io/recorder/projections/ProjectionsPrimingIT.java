package io.recorder.projections;

import io.recorder.localengine.SnapStartPrimingContract;
import io.recorder.telemetry.MetricNames;
import io.recorder.telemetry.lambda.FunctionTelemetry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class ProjectionsPrimingIT extends SnapStartPrimingContract {
    @Override
    protected boolean prime(DynamoDbClient dynamo, String tableName) {
        ProjectionsHandler handler = new ProjectionsHandler(dynamo, CLOCK, tableName, new FunctionTelemetry(MetricNames.SERVICE_PROJECTIONS), ProjectionEvents.NONE);
        return new ProjectionsPriming(handler, dynamo, tableName, CLOCK).prime();
    }
}
