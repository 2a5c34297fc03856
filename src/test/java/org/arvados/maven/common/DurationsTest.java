package org.arvados.maven.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parsesWhatPeopleWrite() {
        assertThat(Durations.parse("<t>", "1h30m", Duration.ofDays(7))).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("<t>", "PT15M", Duration.ofDays(7))).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("<t>", " 90s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("<t>", "2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("<t>", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("<t>", "1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("<t>", "P1D")).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0s", "-5m", "1h-30m", "+5m", "1.5h", "d", "2d3d", "PT", "5", "soon"})
    void refusesWhatIsNotAPositiveDuration(String value) {
        assertThatThrownBy(() -> Durations.parse("<timeout> (arvados.timeout)", value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<timeout> (arvados.timeout) is '" + value + "': use a positive duration such as 2h, 15m,"
                        + " 1h30m or 90s.");
    }

    @Test
    void refusesWhatIsPastTheBoundWithTheBoundInTheMessage() {
        assertThatThrownBy(() -> Durations.parse("<timeout> (arvados.timeout)", "3000000h", Duration.ofDays(7)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<timeout> (arvados.timeout) is '3000000h': at most 168h is allowed.");
        // Too large even for Duration itself.
        assertThatThrownBy(() -> Durations.parse("<t>", "99999999999999999999h", Duration.ofDays(7)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Durations.parse("<t>", "168h", Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void deadlinesSaturateInsteadOfOverflowing() {
        assertThat(Durations.deadlineNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        long before = System.nanoTime();
        assertThat(Durations.deadlineNanos(Duration.ofSeconds(1))).isGreaterThanOrEqualTo(before + 1_000_000_000L);
    }
}
