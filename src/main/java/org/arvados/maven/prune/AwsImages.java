package org.arvados.maven.prune;

import org.arvados.maven.ledger.ImageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an AWS ledger entry names: its AMI in each region it was copied to, and the tags its snapshots carry. The
 * plan is made of these alone; the deletion (the AWS SDK's) reads them too.
 */
public final class AwsImages {
    /** Tags the build puts on the AMI's snapshots: together they say which cluster's build made them. */
    public static final String CLUSTER_TAG = "arvados_cluster";
    public static final String INPUTS_HASH_TAG = "arvados_inputs_hash";

    private AwsImages() {
    }

    /** What deleting {@code image} removes, as the plan shows it. */
    public static List<String> planned(ImageRecord image) {
        if (!missingFields(image).isEmpty()) {
            return List.of("nothing until the entry has " + String.join(", ", missingFields(image)));
        }
        List<String> amis = new ArrayList<>();
        copies(image).forEach((region, ami) -> {
            if (!image.deleted().contains(region + ":" + ami)) {
                amis.add(region + ":" + ami);
            }
        });
        String tags = requiredTags(image).entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(", "));
        if (amis.isEmpty() && image.snapshots().isEmpty() && image.inputsHash() == null) {
            String deregistered = copies(image).entrySet().stream().map(copy -> copy.getKey() + ":" + copy.getValue())
                    .collect(Collectors.joining(", "));
            return List.of("nothing: " + deregistered + " is deregistered already, and the entry"
                    + " has neither recorded snapshots nor an inputs hash to tell the build's snapshots from others");
        }
        if (amis.isEmpty()) {
            return List.of("the snapshots left of " + String.join(", ", copies(image).values())
                    + " (deregistered already) tagged " + tags);
        }
        amis.add("and their snapshots tagged " + tags);
        return amis;
    }

    /** The fields deleting {@code image} needs that it lacks. */
    public static List<String> missingFields(ImageRecord image) {
        return image.region() == null && image.regions().isEmpty() ? List.of("region") : List.of();
    }

    /** The snapshots the entry records of {@code region}'s copy, by ID. */
    public static List<String> recordedSnapshots(ImageRecord image, String region) {
        return image.snapshots().stream().filter(snapshot -> snapshot.startsWith(region + ":"))
                .map(snapshot -> snapshot.substring(region.length() + 1)).toList();
    }

    /** The region copies (the build region's included), region to AMI. */
    public static Map<String, String> copies(ImageRecord image) {
        return image.regions().isEmpty() ? Map.of(image.region(), image.imageId()) : image.regions();
    }

    /** The tags the build put on the AMI's snapshots, with the entry's values. */
    public static Map<String, String> requiredTags(ImageRecord image) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(CLUSTER_TAG, image.clusterId());
        if (image.inputsHash() != null) {
            tags.put(INPUTS_HASH_TAG, image.inputsHash());
        }
        return tags;
    }
}
