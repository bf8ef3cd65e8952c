package io.recorder.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The domain stays pure: the JDK and its own packages only (no AWS, no JSON library, no adapters), and no hidden reads of the system clock. */
class LedgerCoreArchitectureTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.recorder.ledger");

    /** An allow-list: a new library or adapter package is refused without anyone having to name it here first. */
    static final ArchRule DOMAIN_HAS_NO_INFRASTRUCTURE_DEPENDENCIES = classes()
            .that().resideInAPackage("io.recorder.ledger..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.recorder.ledger..")
            .because("ledger-core is the pure domain: the JDK and itself only; adapters depend on it, never the reverse");

    private static final Set<String> JAVA_TIME_TYPES_WITH_NOW = Set.of(
            "java.time.Instant", "java.time.LocalDate", "java.time.LocalDateTime", "java.time.LocalTime",
            "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.ZonedDateTime",
            "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    private static final DescribedPredicate<JavaMethodCall> READS_THE_SYSTEM_CLOCK =
            new DescribedPredicate<>("read the system clock (now() without a Clock, Clock.system*, System.currentTimeMillis)") {
                @Override
                public boolean test(JavaMethodCall call) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    if (owner.equals("java.lang.System")) {
                        return name.equals("currentTimeMillis");
                    }
                    if (owner.equals("java.time.Clock")) {
                        return name.startsWith("system");
                    }
                    return JAVA_TIME_TYPES_WITH_NOW.contains(owner)
                            && name.equals("now")
                            && call.getTarget().getRawParameterTypes().stream()
                                    .map(HasName::getName)
                                    .noneMatch(Clock.class.getName()::equals);
                }
            };

    static final ArchRule TIME_ENTERS_THROUGH_A_CLOCK = noClasses()
            .that().resideInAPackage("io.recorder.ledger..")
            .should().callMethodWhere(READS_THE_SYSTEM_CLOCK)
            .because("time enters the domain through an injected Clock or the command, so rules about 'now' are testable");

    @Test
    void the_domain_depends_only_on_the_jdk_and_itself() {
        DOMAIN_HAS_NO_INFRASTRUCTURE_DEPENDENCIES.check(DOMAIN);
    }

    @Test
    void the_domain_never_reads_the_system_clock() {
        TIME_ENTERS_THROUGH_A_CLOCK.check(DOMAIN);
    }

    @Test
    void the_imported_domain_is_the_real_one() {
        assertThat(DOMAIN.contain(PaymentRecorder.class)).isTrue();
        assertThat(DOMAIN.contain(PaymentValidatorTest.class)).as("tests are not production code").isFalse();
    }

    /** Proves the clock rule can fail: a class that calls Instant.now() is caught, one taking a Clock is not. */
    @Test
    void the_clock_rule_catches_a_call_to_instant_now() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReadsSystemClock.class);
        JavaClasses lawful = new ClassFileImporter().importClasses(UsesInjectedClock.class);

        assertThat(TIME_ENTERS_THROUGH_A_CLOCK.evaluate(offender).hasViolation()).isTrue();
        assertThat(TIME_ENTERS_THROUGH_A_CLOCK.evaluate(lawful).hasViolation()).isFalse();
    }

    /** Proves the allow-list can fail: a dependency outside java.. and io.recorder.ledger.. is caught. */
    @Test
    void the_dependency_rule_catches_a_class_outside_the_allow_list() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesALibrary.class);
        JavaClasses lawful = new ClassFileImporter().importClasses(UsesInjectedClock.class);

        assertThat(DOMAIN_HAS_NO_INFRASTRUCTURE_DEPENDENCIES.evaluate(offender).hasViolation()).isTrue();
        assertThat(DOMAIN_HAS_NO_INFRASTRUCTURE_DEPENDENCIES.evaluate(lawful).hasViolation()).isFalse();
    }

    static final class UsesALibrary {
        Object predicate() {
            return DescribedPredicate.alwaysTrue();
        }
    }

    static final class ReadsSystemClock {
        Instant stamp() {
            return Instant.now();
        }
    }

    static final class UsesInjectedClock {
        Instant stamp(Clock clock) {
            return Instant.now(clock);
        }
    }
}
