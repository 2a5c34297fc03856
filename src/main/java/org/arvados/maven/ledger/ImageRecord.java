package org.arvados.maven.ledger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One built image: what {@code <cloud>-image.json} holds and what the ledger keeps for every build.
 *
 * @param cloud         aws, azure or gcp
 * @param clusterId     the Arvados cluster the image is for
 * @param imageId       what config.yml's {@code Containers.CloudVMs.ImageID} takes: the AMI in the build
 *                      region (AWS), the managed image name (Azure), the image name (GCP)
 * @param region        the build region (AWS), location (Azure) or zone (GCP)
 * @param regions       region to image ID, for AWS AMI copies (the build region included); empty elsewhere
 * @param artifactId    packer's artifact ID as printed (e.g. {@code eu-west-1:ami-1,us-east-1:ami-2})
 * @param builtAt       when the build finished
 * @param packerVersion packer's version, e.g. {@code 1.6.6}
 * @param inputsHash    hash of everything that goes into the image; equal hashes mean up to date
 * @param templateFile  the rendered template the image was built from
 * @param packerPlugin  the plugin the builder came from (packer 1.10+), e.g.
 *                      {@code github.com/hashicorp/amazon v1.3.10}; null when packer bundled it
 * @param gallery       the Azure Compute Gallery version the build also published; null for none
 * @param builtWith     the settings the image was provisioned with; null in entries of earlier versions (unknown)
 * @param bom           what the image holds, as its provisioning reported it; null when unknown
 * @param cloudtests    every {@code arvados-server cloudtest} run against the image, oldest first
 * @param snapshots     the snapshots the AMIs mapped (e.g. {@code us-east-1:snap-1}), read by prune-images before it
 *                      deregistered them: afterwards EC2 no longer says which snapshots an AMI had
 * @param deleted       the cloud resources prune-images has deleted (e.g. {@code us-east-1:ami-1},
 *                      {@code us-east-1:snap-1}), so far as it got
 * @param prunedAt      when prune-images had seen every one of them gone; null while the image exists (or partly does)
 */
@JsonPropertyOrder({"cloud", "clusterId", "imageId", "region", "regions", "artifactId", "builtAt",
        "packerVersion", "packerPlugin", "inputsHash", "templateFile", "gallery", "builtWith", "bom", "cloudtests", "snapshots", "deleted",
        "prunedAt"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRecord(
        String cloud,
        String clusterId,
        String imageId,
        String region,
        Map<String, String> regions,
        String artifactId,
        Instant builtAt,
        String packerVersion,
        String inputsHash,
        String templateFile,
        String packerPlugin,
        Gallery gallery,
        BuiltWith builtWith,
        BillOfMaterials bom,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Cloudtest> cloudtests,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> snapshots,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> deleted,
        Instant prunedAt) {

    public ImageRecord {
        // Sorted, and kept sorted: Map.copyOf iterates in a per-JVM random order, which would reorder the
        // committed ledger's "regions" (and the log's list of copies) from one run to the next.
        regions = regions == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(regions));
        cloudtests = cloudtests == null ? List.of() : List.copyOf(cloudtests);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
    }

    /** A build just finished: never tested, nothing pruned. */
    public ImageRecord(String cloud, String clusterId, String imageId, String region, Map<String, String> regions,
                       String artifactId, Instant builtAt, String packerVersion, String inputsHash, String templateFile,
                       String packerPlugin, Gallery gallery, BuiltWith builtWith, BillOfMaterials bom) {
        this(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion, inputsHash, templateFile,
                packerPlugin, gallery, builtWith, bom, List.of(), List.of(), List.of(), null);
    }

    /** This record with one more cloudtest result. */
    public ImageRecord withCloudtest(Cloudtest result) {
        List<Cloudtest> all = new java.util.ArrayList<>(cloudtests);
        all.add(result);
        return new ImageRecord(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion,
                inputsHash, templateFile, packerPlugin, gallery, builtWith, bom, all, snapshots, deleted, prunedAt);
    }

    /** This record with {@code found} added to the snapshots it maps (each once, in their order). */
    public ImageRecord withSnapshots(List<String> found) {
        return new ImageRecord(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion,
                inputsHash, templateFile, packerPlugin, gallery, builtWith, bom, cloudtests, union(snapshots, found),
                deleted, prunedAt);
    }

    /** This record with {@code resource} added to what pruning deleted (once). */
    public ImageRecord withDeleted(String resource) {
        return new ImageRecord(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion,
                inputsHash, templateFile, packerPlugin, gallery, builtWith, bom, cloudtests, snapshots,
                union(deleted, List.of(resource)), prunedAt);
    }

    /** This record marked pruned: every resource it named was seen gone at {@code at}. */
    public ImageRecord withPrunedAt(Instant at) {
        return new ImageRecord(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion,
                inputsHash, templateFile, packerPlugin, gallery, builtWith, bom, cloudtests, snapshots, deleted, at);
    }

    /** This record with what {@code other}, an entry of the same build, records of pruning as well. */
    public ImageRecord mergedWith(ImageRecord other) {
        return new ImageRecord(cloud, clusterId, imageId, region, regions, artifactId, builtAt, packerVersion,
                inputsHash, templateFile, packerPlugin, gallery, builtWith, bom, cloudtests,
                union(snapshots, other.snapshots), union(deleted, other.deleted), prunedAt != null ? prunedAt : other.prunedAt);
    }

    private static List<String> union(List<String> first, List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    /**
     * The image ID to use in {@code region}: its copy there (AMIs are regional), or the image itself where the
     * record has no copies or no region is asked for; empty when the image has copies but none in {@code region}.
     */
    public java.util.Optional<String> imageIdIn(String region) {
        if (regions.isEmpty() || region == null) {
            return java.util.Optional.of(imageId);
        }
        return java.util.Optional.ofNullable(regions.get(region));
    }

    /** The most recent cloudtest run, if any. */
    public java.util.Optional<Cloudtest> latestCloudtest() {
        return cloudtests.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(cloudtests.get(cloudtests.size() - 1));
    }

    /** True for the same build: the same image of the same cloud and cluster, built at the same moment. */
    public boolean isSameBuild(ImageRecord other) {
        return cloud.equals(other.cloud) && clusterId.equals(other.clusterId) && imageId.equals(other.imageId)
                && builtAt.equals(other.builtAt);
    }

    /**
     * One {@code arvados-server cloudtest} run.
     *
     * @param passed          whether it exited 0
     * @param at              when it started
     * @param durationSeconds how long it ran
     * @param instanceType    the instance type it asked for; null for cloudtest's own choice (the cheapest)
     * @param outputTail      the last lines of its output when it failed; empty when it passed
     */
    @JsonPropertyOrder({"passed", "at", "durationSeconds", "instanceType", "outputTail"})
    public record Cloudtest(boolean passed, Instant at, long durationSeconds, String instanceType,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> outputTail) {
        public Cloudtest {
            outputTail = outputTail == null ? List.of() : List.copyOf(outputTail);
        }
    }

    /**
     * An image version in an Azure Compute Gallery: what config.yml's SharedImageGalleryName,
     * SharedImageGalleryImageVersion, ImageResourceGroup and (the definition) ImageID take.
     */
    @JsonPropertyOrder({"name", "resourceGroup", "imageDefinition", "imageVersion", "replicationRegions"})
    public record Gallery(String name, String resourceGroup, String imageDefinition, String imageVersion,
                          List<String> replicationRegions) {
        public Gallery {
            replicationRegions = replicationRegions == null ? List.of() : List.copyOf(replicationRegions);
        }
    }

    /**
     * What config.yml must agree with for the dispatcher to use the image.
     *
     * @param adminUsername    the user the dispatcher logs in as (DriverParameters.AdminUsername)
     * @param sshPort          the port sshd listens on (CloudVMs.SSHPort)
     * @param runtimeEngine    docker or singularity (Containers.RuntimeEngine)
     * @param nvidiaGpuSupport whether NVIDIA's driver and container toolkit are in the image
     * @param ebsAutoscale     whether /tmp is the EBS autoscaler's (AWS)
     * @param scratch          what the image makes /tmp of at boot: {@code disks} (the instance's unused disks and
     *                         Azure's resource disk) or {@code ebs-autoscale}; null in entries written before the
     *                         scratch space took Azure's resource disk
     * @param keyFingerprint   the dispatcher public key's {@code SHA256:...} fingerprint, as ssh-keygen -l prints it
     * @param iamInstanceProfile the workers' instance profile the EBS autoscaler needs (DriverParameters.IAMInstanceProfile);
     *                         null without the autoscaler
     */
    @JsonPropertyOrder({"adminUsername", "sshPort", "runtimeEngine", "nvidiaGpuSupport", "ebsAutoscale", "scratch",
            "keyFingerprint", "iamInstanceProfile"})
    public record BuiltWith(String adminUsername, Integer sshPort, String runtimeEngine, Boolean nvidiaGpuSupport,
                            Boolean ebsAutoscale, String scratch, String keyFingerprint, String iamInstanceProfile) {
    }

    /**
     * The image's bill of materials, as the provisioning's last step wrote it: release, kernel and installed
     * package versions (those not installed are absent).
     */
    @JsonPropertyOrder({"distribution", "kernel", "runtimeEngine", "packages", "singularityFromSource", "cuda"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BillOfMaterials(Distribution distribution, String kernel, String runtimeEngine,
                                  Map<String, String> packages, String singularityFromSource, String cuda) {
        public BillOfMaterials {
            packages = packages == null ? Map.of()
                    : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(packages));
        }

        /** One line for the build log, e.g. "debian 13 (trixie), kernel 6.12.57, docker-ce 5:28.5.1-1, ...". */
        public String summary() {
            List<String> parts = new java.util.ArrayList<>();
            if (distribution != null) {
                parts.add(distribution.id() + " " + distribution.version() + " (" + distribution.codename() + ")");
            }
            if (kernel != null) {
                parts.add("kernel " + kernel);
            }
            packages.forEach((name, version) -> parts.add(name + " " + version));
            if (singularityFromSource != null) {
                parts.add("singularity " + singularityFromSource + " (built from source)");
            }
            if (cuda != null) {
                parts.add("CUDA " + cuda);
            }
            return String.join(", ", parts);
        }
    }

    @JsonPropertyOrder({"id", "version", "codename"})
    public record Distribution(String id, String version, String codename) {
    }

    public boolean isFor(String cloud, String clusterId) {
        return this.cloud.equals(cloud) && this.clusterId.equals(clusterId);
    }
}
