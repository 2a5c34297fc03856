package org.arvados.maven.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Docker API crunch-run needs in the Arvados releases a version pattern can match, and which daemon serves it. */
class CrunchRunDockerApiTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "3.2.0     | 1.35",
        "3.2.0-1   | 1.35",
        "3.2.0*    | 1.35",
        "3.2.0.*   | 1.35",
        "3.2       | 1.35",
        "3.1.2     | 1.35",
        "3.1.*     | 1.35",
        "3.1.5*    | 1.35",
        "2.7.4-2   | 1.35",
        "2.*       | 1.35",
        "3.2.1     | 1.48",
        "3.2.1-1   | 1.48",
        "3.2.1~rc1 | 1.48",
        "3.2.1*    | 1.48",
        "3.2.1.*   | 1.48",
        "3.2.*     | 1.48",
        "3.2*      | 1.48",
        "3.1*      | 1.48",
        "3.*       | 1.48",
        "3*        | 1.48",
        "*         | 1.48",
        "3.2.10    | 1.48",
        "3.10.0    | 1.48",
        "4.0.0     | 1.48",
        "1:3.1.0   | 1.48",
        "dev       | 1.48",
        "3.1234567890 | 1.48"})
    void theApiIsTheHighestOfEveryReleaseThePatternMatches(String pattern, String needed) {
        assertThat(CrunchRunDockerApi.needed(pattern)).isEqualTo(needed);
    }

    @ParameterizedTest(name = "{0} serves {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "1.41 | 1.35 | true",
        "1.45 | 1.48 | false",
        "1.48 | 1.48 | true",
        "1.51 | 1.48 | true",
        "1.9  | 1.35 | false",
        "2.0  | 1.48 | true"})
    void aDaemonServesEveryApiUpToItsOwn(String served, String needed, boolean serves) {
        assertThat(CrunchRunDockerApi.serves(served, needed)).isEqualTo(serves);
    }
}
