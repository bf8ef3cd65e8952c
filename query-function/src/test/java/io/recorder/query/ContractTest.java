package io.recorder.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract check is only worth something if it fails on bodies that break the contract. */
class ContractTest {
    private static final String PAYMENT = "{\"paymentId\":\"pay_tp72pyj5f8z9vqzjyf367www3f\",\"paymentTimestamp\":\"2024-08-01T12:34:56Z\","
            + "\"paymentDescription\":\"Gym\",\"currency\":\"USD\",\"amount\":\"500.00\",\"seriesId\":\"ser_jwr5hbd9bfc3a99nn9yacsttvw\","
            + "\"recordedAt\":\"2024-08-01T12:35:01.127Z\",\"reversed\":false}";
    private static final String REVERSAL = "{\"reversalId\":\"rev_6w0m2qk8d1x4t9r7c3v5b8n2hj\",\"paymentId\":\"pay_tp72pyj5f8z9vqzjyf367www3f\","
            + "\"reversedAt\":\"2024-08-02T09:15:00Z\",\"reason\":null}";

    @Test
    void a_valid_page_passes_with_a_null_or_absent_next_cursor() {
        assertThat(Contract.violations("PaymentPage", "{\"items\":[" + PAYMENT + "],\"nextCursor\":null}")).isEmpty();
        assertThat(Contract.violations("PaymentPage", "{\"items\":[]}")).isEmpty();
    }

    @Test
    void a_numeric_amount_a_missing_field_or_a_bad_timestamp_in_a_nested_payment_fails() {
        assertThat(Contract.violations("PaymentPage", "{\"items\":[" + PAYMENT.replace("\"500.00\"", "500.00") + "]}")).isNotEmpty();
        assertThat(Contract.violations("PaymentPage", "{\"items\":[" + PAYMENT.replace("\"seriesId\"", "\"series\"") + "]}")).isNotEmpty();
        assertThat(Contract.violations("Payment", PAYMENT.replace("2024-08-01T12:34:56Z", "yesterday"))).isNotEmpty();
    }

    @Test
    void an_unknown_enum_value_in_a_series_detail_fails() {
        String series = "{\"seriesId\":\"ser_jwr5hbd9bfc3a99nn9yacsttvw\",\"description\":\"Gym\",\"currency\":\"USD\",\"count\":1,"
                + "\"total\":\"500.00\",\"averageAmount\":\"500.00\",\"lastAmount\":\"500.00\",\"firstPaymentAt\":\"2024-08-01T12:34:56Z\","
                + "\"lastPaymentAt\":\"2024-08-01T12:34:56Z\",\"cadence\":\"UNKNOWN\",\"confidence\":\"0.00\",\"nextExpectedDate\":null,"
                + "\"status\":\"EARLY\",\"amountChanges\":[],\"recentPayments\":[" + PAYMENT + "]}";

        assertThat(Contract.violations("RecurringSeriesDetail", series)).isEmpty();
        assertThat(Contract.violations("RecurringSeriesDetail", series.replace("\"EARLY\"", "\"OVERDUE\""))).isNotEmpty();
        assertThat(Contract.violations("RecurringSeriesDetail", series.replace("\"amountChanges\":[],", ""))).isNotEmpty();
    }

    @Test
    void a_reversed_payment_needs_its_flag_and_a_well_formed_reversal() {
        String reversed = PAYMENT.replace("\"reversed\":false}", "\"reversed\":true,\"reversal\":" + REVERSAL + "}");

        assertThat(Contract.violations("LedgerPayment", reversed)).isEmpty();
        assertThat(Contract.violations("Reversal", REVERSAL.replace("null", "\"typed 5500 instead of 550\""))).isEmpty();
        assertThat(Contract.violations("LedgerPayment", PAYMENT.replace(",\"reversed\":false", ""))).isNotEmpty();
        assertThat(Contract.violations("LedgerPayment", reversed.replace("rev_6w0m", "pay_6w0m"))).isNotEmpty();
        assertThat(Contract.violations("Reversal", REVERSAL.replace(",\"reason\":null", ""))).isNotEmpty();
    }

    @Test
    void a_problem_without_a_request_id_fails() {
        assertThat(Contract.violations("Problem", "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"x\"}"))
                .isNotEmpty();
    }
}
