package io.recorder.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template as plain maps, for assertions that follow references between resources. */
final class TemplateJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> template;

    TemplateJson(Template template) {
        this.template = template.toJSON();
    }

    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    Map<String, Object> resource(String logicalId) {
        return map(map(template.get("Resources")).get(logicalId));
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    /** The logical id of the one resource of {@code type} whose properties contain {@code key: value}. */
    String logicalIdWhere(String type, String key, Object value) {
        List<String> ids = resources(type).entrySet().stream()
                .filter(e -> value.equals(properties(e.getValue()).get(key)))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).as(type + " with " + key + "=" + value).hasSize(1);
        return ids.get(0);
    }

    /** The logical id a {@code Fn::GetAtt} or {@code Ref} points at. */
    static String referenced(Object intrinsic) {
        Map<String, Object> ref = map(intrinsic);
        if (ref.containsKey("Ref")) {
            return (String) ref.get("Ref");
        }
        return (String) ((List<?>) ref.get("Fn::GetAtt")).get(0);
    }

    /** Inline policy statements of a role, by Sid. */
    Map<String, Map<String, Object>> statementsOfRole(String roleId) {
        return ((List<?>) properties(resource(roleId)).get("Policies")).stream()
                .flatMap(policy -> ((List<?>) map(map(policy).get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .collect(Collectors.toMap(s -> (String) s.get("Sid"), s -> s, (a, b) -> a, LinkedHashMap::new));
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of((String) value);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
