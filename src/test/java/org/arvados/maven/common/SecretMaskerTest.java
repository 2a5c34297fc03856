package org.arvados.maven.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    @Test
    void aSecretUnderFourCharactersIsMaskedWhereItStandsAloneNotInsideWords() {
        SecretMasker masker = new SecretMasker(Set.of("ab1"), GoQuoting.FORMS);

        assertThat(masker.mask("password=ab1 user=\"ab1\" tab1e ab12 xab1")).isEqualTo(
                "password=**** user=\"****\" tab1e ab12 xab1");
    }

    @Test
    void theHeadOfASecretBeforeACutIsMaskedAndOnlyThere() {
        SecretMasker masker = new SecretMasker(Set.of("wJalrXUtnFEMI"), List.of());

        assertThat(masker.mask("key=wJalr" + SecretMasker.CUT)).isEqualTo("key=****" + SecretMasker.CUT);
        assertThat(masker.mask("key=wJalr")).isEqualTo("key=wJalr");
    }
}
