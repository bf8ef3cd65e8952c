package io.recorder.ingest;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context as the runtime fills it for a function named {@code payments-ingest}. */
record TestContext(String awsRequestId) implements Context {
    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/payments-ingest";
    }

    @Override
    public String getLogStreamName() {
        return "2024/08/01/[7]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "payments-ingest";
    }

    @Override
    public String getFunctionVersion() {
        return "7";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-2:123456789012:function:payments-ingest:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 10_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
