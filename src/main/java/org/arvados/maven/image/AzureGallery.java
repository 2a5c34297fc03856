package org.arvados.maven.image;

import org.arvados.maven.common.Cloud;
import org.arvados.maven.common.Problems;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Pattern;

import static org.arvados.maven.common.Setting.blankToNull;

/**
 * An Azure Compute Gallery image definition the build publishes a new version of ({@code <azure><gallery>},
 * properties {@code arvados.azure.gallery.*}). The gallery and the definition must exist.
 *
 * @param name               the gallery (required)
 * @param resourceGroup      the gallery's resource group (required); config.yml's ImageResourceGroup
 * @param imageDefinition    the image definition in the gallery (required); config.yml's ImageID
 * @param replicationRegions locations the version is replicated to [the build's location]; required with
 *                           a buildResourceGroup, which has no location of ours
 */
public record AzureGallery(String name, String resourceGroup, String imageDefinition, List<String> replicationRegions) {
    private static final Pattern GALLERY = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,78}[A-Za-z0-9_])?");
    private static final Pattern DEFINITION = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9]*");

    public AzureGallery {
        name = blankToNull(name);
        resourceGroup = blankToNull(resourceGroup);
        imageDefinition = blankToNull(imageDefinition);
        replicationRegions = replicationRegions == null ? List.of()
                : replicationRegions.stream().filter(Checks::present).map(String::trim).distinct().sorted().toList();
    }

    /**
     * The image version for a build at {@code time} (UTC): {@code year.MMDD.HHMMSS} as integers without
     * leading zeros, e.g. 2026.1201.93005 at 09:30:05 on 1 December. Each part stays far below Azure's
     * 32-bit limit, and later builds get higher versions.
     */
    public static String version(Instant time) {
        ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
        int minor = utc.getMonthValue() * 100 + utc.getDayOfMonth();
        int patch = utc.getHour() * 10000 + utc.getMinute() * 100 + utc.getSecond();
        return utc.getYear() + "." + minor + "." + patch;
    }

    void addProblems(Problems problems, Pattern resourceGroupPattern) {
        String gallery = element("name");
        Checks.required(problems, gallery, name, "the Azure Compute Gallery the image version goes to");
        Checks.matches(problems, gallery, name, GALLERY, "letters, digits, '_' and '.', not starting or ending with '.'");
        String group = element("resourceGroup");
        Checks.required(problems, group, resourceGroup, "the gallery's resource group");
        Checks.matches(problems, group, resourceGroup, resourceGroupPattern,
                "up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'");
        String definition = element("imageDefinition");
        Checks.required(problems, definition, imageDefinition, "the gallery's image definition (create it first)");
        Checks.matches(problems, definition, imageDefinition, DEFINITION,
                "up to 80 letters, digits, '_', '-' and '.', starting with a letter or digit");
        for (String region : replicationRegions) {
            problems.check(LOCATION.matcher(region).matches(), element("replicationRegions")
                    + " has an entry that is not a location name; use names like eastus or westeurope");
        }
    }

    private static String element(String field) {
        return Cloud.AZURE.setting("gallery", field);
    }
}
