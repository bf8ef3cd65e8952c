package io.recorder.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    static final ClientId ACME = new ClientId("acme");

    @Test
    void a_derived_payment_id_is_pay_and_26_lowercase_crockford_characters() {
        PaymentId id = PaymentId.derive(ACME, "idempotency-key", "k-1");

        assertThat(id.value()).matches("pay_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(PaymentId.parse(id.value())).contains(id);
    }

    @Test
    void payment_ids_are_deterministic_and_scoped_by_client_and_kind_of_key() {
        PaymentId id = PaymentId.derive(ACME, "idempotency-key", "k-1");

        assertThat(PaymentId.derive(ACME, "idempotency-key", "k-1")).isEqualTo(id);
        assertThat(PaymentId.derive(new ClientId("globex"), "idempotency-key", "k-1")).isNotEqualTo(id);
        assertThat(PaymentId.derive(ACME, "content", "k-1")).isNotEqualTo(id);
        assertThat(PaymentId.derive(ACME, "idempotency-key", "k-2")).isNotEqualTo(id);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "pay_", "pay_0123456789abcdefghjkmnpqr", "pay_0123456789abcdefghjkmnpqrst",
            "PAY_0123456789abcdefghjkmnpqrs", "pay_0123456789ABCDEFGHJKMNPQRS", "pay_0123456789abcdefghijklmnop",
            "ser_0123456789abcdefghjkmnpqrs", "pay_0123456789abcdefghjkmnpqrs\n", "../pay_0123456789abcdefghjkmn"})
    void malformed_payment_ids_do_not_parse(String candidate) {
        assertThat(PaymentId.parse(candidate)).isEmpty();
        assertThatThrownBy(() -> new PaymentId(candidate)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_well_formed_payment_id_parses_and_null_does_not() {
        assertThat(PaymentId.parse("pay_0123456789abcdefghjkmnpqrs")).isPresent();
        assertThat(PaymentId.parse(null)).isEmpty();
    }

    @Test
    void a_series_id_is_ser_and_26_lowercase_crockford_characters() {
        SeriesId id = SeriesId.of(ACME, new Description("Gym"), CurrencyCode.of("USD"));

        assertThat(id.value()).matches("ser_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(SeriesId.parse(id.value())).contains(id);
        assertThat(SeriesId.parse("pay_" + id.value().substring(4))).isEmpty();
        assertThat(SeriesId.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "a b", "acme/other", "ä", "a#b"})
    void client_ids_are_restricted_to_a_key_safe_alphabet(String value) {
        assertThatThrownBy(() -> new ClientId(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_client_id_is_at_most_64_characters() {
        assertThat(new ClientId("a".repeat(64))).hasToString("a".repeat(64));
        assertThatThrownBy(() -> new ClientId("a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "has space", "tab\t", "caf\u00e9", "\u0000"})
    void idempotency_keys_are_visible_ascii(String value) {
        assertThat(IdempotencyKey.problem(value)).isPresent();
    }

    @Test
    void idempotency_keys_are_at_most_255_characters() {
        assertThat(IdempotencyKey.problem("k".repeat(255))).isEmpty();
        assertThat(IdempotencyKey.problem("k".repeat(256))).isPresent();
        assertThat(IdempotencyKey.problem("8e03978e-40d5-43e8-bc93-6894a57f9324")).isEmpty();
    }

    @Test
    void a_key_problem_never_echoes_the_key() {
        String canary = "CANARY-\u00e9-" + "x".repeat(300);
        assertThat(IdempotencyKey.problem(canary)).hasValueSatisfying(reason -> assertThat(reason).doesNotContain("CANARY"));
    }
}
