package io.recorder.ledger;

import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ISO 4217 alphabetic currency code with the number of minor units (fraction digits) it allows.
 * Codes without minor units in ISO 4217 (precious metals, testing codes, "no currency") are not
 * payment currencies and are refused.
 */
public record CurrencyCode(String code, int minorUnits) {

    /**
     * Names accepted for compatibility with the published API example ({@code "currency":"Dollars"}).
     * Deliberately small: every alias is an ambiguity we chose to resolve (ADR 0003). "Dollars" means
     * US dollars because the original API was documented with it and US-dollar amounts.
     */
    public static final Map<String, String> ALIASES = Map.of(
            "dollar", "USD",
            "dollars", "USD",
            "us dollars", "USD",
            "euro", "EUR",
            "euros", "EUR",
            "pound sterling", "GBP",
            "pounds sterling", "GBP",
            "yen", "JPY");

    public CurrencyCode {
        Objects.requireNonNull(code, "code");
        if (minorUnits < 0 || minorUnits > 4) {
            throw new IllegalArgumentException("minor units must be 0..4");
        }
    }

    /** Resolves a client-supplied code or alias, case-insensitively; empty when it is not a payment currency. */
    public static Optional<CurrencyCode> resolve(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String folded = Texts.collapseSpaceRuns(input.strip(), Texts::isAsciiWhitespace).toLowerCase(Locale.ROOT);
        // Check ASCII before upper-casing: "uſd" (long s) must not become "USD".
        if (!ALIASES.containsKey(folded) && !isThreeAsciiLetters(folded)) {
            return Optional.empty();
        }
        String code = ALIASES.getOrDefault(folded, folded.toUpperCase(Locale.ROOT));
        try {
            Currency currency = Currency.getInstance(code);
            int digits = currency.getDefaultFractionDigits();
            // -1: XAU, XDR, XXX ... are not money a client pays with; XTS is reserved for testing.
            if (digits < 0 || code.equals("XTS")) {
                return Optional.empty();
            }
            return Optional.of(new CurrencyCode(code, digits));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /** {@code text.matches("[a-z]{3}")} without compiling the pattern per call. */
    private static boolean isThreeAsciiLetters(String text) {
        if (text.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (text.charAt(i) < 'a' || text.charAt(i) > 'z') {
                return false;
            }
        }
        return true;
    }

    /** For values read back from the ledger, which were validated when they were written. */
    public static CurrencyCode of(String code) {
        return resolve(code).orElseThrow(() -> new IllegalArgumentException("not a payment currency: " + code));
    }

    @Override
    public String toString() {
        return code;
    }
}
