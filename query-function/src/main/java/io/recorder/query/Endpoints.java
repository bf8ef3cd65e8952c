package io.recorder.query;

import io.recorder.http.ApiRequest;
import io.recorder.http.ApiResponse;
import io.recorder.http.ApiResponses;
import io.recorder.http.Problem;
import io.recorder.ledger.FieldError;
import java.util.List;
import java.util.Map;

/** Answers shared by the read operations. */
final class Endpoints {
    /** One message for every refused cursor: which check failed is not said (another client's cursor looks like a forged one). */
    static final String FOREIGN_CURSOR =
            "is not a cursor of this listing: pass the nextCursor of the previous page unchanged, with the same filters";

    private Endpoints() {
    }

    static ApiResponse ok(String body) {
        return ApiResponses.json(200, body, Map.of());
    }

    static ApiResponse invalid(List<FieldError> errors, ApiRequest request) {
        return ApiResponses.problem(Problem.invalidParameters(errors), request.requestId());
    }
}
