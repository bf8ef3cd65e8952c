package io.recorder.http;

import java.util.Locale;

/** Which request content types are JSON for this API. */
public final class ContentTypes {
    private ContentTypes() {
    }

    /**
     * {@code application/json} and {@code application/*+json}, in any case, with no charset or
     * UTF-8. A missing header is accepted as JSON: many clients omit it and the body decides.
     */
    public static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
        if (!json) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param.length > 1 ? param[1].strip().replace("\"", "").toLowerCase(Locale.ROOT) : "";
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
