package org.arvados.maven.image;

import org.arvados.maven.common.InvalidInputException;
import org.arvados.maven.common.Problems;
import org.arvados.maven.common.Setting;

import java.util.List;

/**
 * The one check of an image goal's settings, before anything is written: every problem of the shared and the
 * cloud's settings, whether the credentials' source passed (reading a source that a problem already names would
 * only say so again), and the dispatcher's public key as the check read it, which the render then bakes in.
 *
 * @param problems              every problem, each naming its POM element; empty when the settings are usable
 * @param credentialSourceSound the cloud's credential source (secrets file, serverId, ...) has no problem
 * @param publicKey             the dispatcher's public key, or null when the file is missing or holds no key
 */
public record ImageCheck(ImageSpec spec, CloudImage cloud, List<String> problems, boolean credentialSourceSound,
                         PublicKeyLine publicKey) {
    public ImageCheck {
        problems = List.copyOf(problems);
    }

    public static ImageCheck of(ImageSpec spec, CloudImage cloud) {
        Problems problems = new Problems();
        String keyElement = Setting.element("publicKeyFile");
        PublicKeyLine key = PublicKeyLine.read(problems, keyElement, spec.publicKeyFile());
        RequiredKey required = spec.requiredKey();
        if (key != null && required != null) {
            problems.check(key.fingerprint().equals(required.fingerprint()), keyElement + " " + spec.publicKeyFile()
                    + " is not the public half of " + required.origin() + " (" + required.fingerprint() + "): the"
                    + " dispatcher could not log in; point <keyFile> / <publicKeyFile> at that key's files");
        }
        spec.problems().forEach(problems::add);
        cloud.problems().forEach(problems::add);
        List<String> source = cloud.credentialSourceProblems();
        source.forEach(problems::add);
        return new ImageCheck(spec, cloud, problems.list(), source.isEmpty(), key);
    }

    /** This check, when it found nothing wrong; else an error listing every problem. */
    public ImageCheck passed() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return this;
    }
}
