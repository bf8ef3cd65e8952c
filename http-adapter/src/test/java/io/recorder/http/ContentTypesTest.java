package io.recorder.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypesTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "application/json",
            "APPLICATION/JSON",
            "Application/Json",
            "application/json; charset=UTF-8",
            "APPLICATION/JSON; CHARSET=UTF-8",
            "application/json;charset=utf-8",
            "application/json; charset=\"utf-8\"",
            "application/json; charset=utf8",
            "application/json ; charset = utf-8 ",
            "  application/json  ",
            "application/merge-patch+json",
            "application/problem+json",
            "application/vnd.api+json; charset=utf-8",
            "application/json; boundary=whatever"})
    void json_media_types_in_utf8_are_accepted(String contentType) {
        assertThat(ContentTypes.isJson(contentType)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "",
            "text/plain",
            "text/plain; charset=utf-8",
            "text/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "application/xml",
            "application/jsonx",
            "application/json-seq",
            "application/json; charset=iso-8859-1",
            "application/json; charset=ISO-8859-1",
            "application/json; charset=utf-16",
            "application/json; charset=us-ascii",
            "application/json; charset=",
            "application/json; charset",
            "application/json, text/plain",
            "*/*"})
    void other_media_types_and_charsets_are_refused(String contentType) {
        assertThat(ContentTypes.isJson(contentType)).isFalse();
    }
}
