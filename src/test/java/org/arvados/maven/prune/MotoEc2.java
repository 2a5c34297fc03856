package org.arvados.maven.prune;

import org.arvados.maven.testing.Moto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * EC2 as moto emulates it, with images made as a packer build makes them: an instance, CreateImage, the build's
 * tags on the snapshots, CopyImage for region copies. What the prune tests check their deletions against.
 */
public final class MotoEc2 implements AutoCloseable {
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    static final Map<String, String> CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET);

    private final Moto moto;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, Ec2Client> clients = new TreeMap<>();
    private final Map<String, String> baseImages = new TreeMap<>();
    private int made;

    private MotoEc2(Moto moto) {
        this.moto = moto;
    }

    static MotoEc2 start() throws IOException, InterruptedException {
        return new MotoEc2(Moto.start());
    }

    /** On {@code port}, for the invoker ITs' hook scripts. */
    public static MotoEc2 start(int port) throws IOException, InterruptedException {
        return new MotoEc2(Moto.start(port));
    }

    URI endpoint() {
        return moto.endpoint();
    }

    /** Forgets every image and snapshot made. */
    void reset() throws IOException, InterruptedException {
        moto.reset();
        baseImages.clear();
    }

    /** One AMI and the snapshots it maps. */
    public record Ami(String region, String imageId, List<String> snapshots) {
    }

    /** An AMI built as packer builds one, its snapshots tagged with {@code tags} (none: untagged). */
    public Ami build(String region, Map<String, String> tags) {
        Ec2Client ec2 = ec2(region);
        String instance = ec2.runInstances(r -> r.imageId(baseImage(region)).minCount(1).maxCount(1)
                .instanceType(InstanceType.M5_LARGE)).instances().get(0).instanceId();
        String ami = ec2.createImage(r -> r.instanceId(instance).name("arvados-compute-" + ++made)).imageId();
        ec2.terminateInstances(r -> r.instanceIds(instance));
        return tagged(region, ami, tags);
    }

    /** A copy of {@code source} in {@code region}, as packer's ami_regions makes it, its snapshots tagged. */
    public Ami copy(Ami source, String region, Map<String, String> tags) {
        String ami = ec2(region).copyImage(r -> r.sourceImageId(source.imageId()).sourceRegion(source.region())
                .name("arvados-compute-copy-" + ++made)).imageId();
        return tagged(region, ami, tags);
    }

    private Ami tagged(String region, String ami, Map<String, String> tags) {
        List<String> snapshots = image(region, ami).orElseThrow().blockDeviceMappings().stream()
                .map(BlockDeviceMapping::ebs).filter(Objects::nonNull).map(ebs -> ebs.snapshotId())
                .filter(Objects::nonNull).toList();
        if (!tags.isEmpty() && !snapshots.isEmpty()) {
            ec2(region).createTags(r -> r.resources(snapshots).tags(tags.entrySet().stream()
                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList()));
        }
        return new Ami(region, ami, snapshots);
    }

    /** A snapshot of a new volume, with a description and tags of the caller's choosing. */
    String snapshot(String region, String description, Map<String, String> tags) {
        Ec2Client ec2 = ec2(region);
        String volume = ec2.createVolume(r -> r.availabilityZone(region + "a").size(1)).volumeId();
        String snapshot = ec2.createSnapshot(r -> r.volumeId(volume).description(description)).snapshotId();
        if (!tags.isEmpty()) {
            ec2.createTags(r -> r.resources(snapshot).tags(tags.entrySet().stream()
                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList()));
        }
        return snapshot;
    }

    java.util.Optional<Image> image(String region, String ami) {
        try {
            return ec2(region).describeImages(r -> r.imageIds(ami)).images().stream()
                    .filter(image -> ami.equals(image.imageId()) && image.state() != ImageState.DEREGISTERED).findFirst();
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException notFound) {
            return java.util.Optional.empty();
        }
    }

    public boolean hasImage(String region, String ami) {
        return image(region, ami).isPresent();
    }

    public boolean hasSnapshot(String region, String snapshot) {
        try {
            return ec2(region).describeSnapshots(r -> r.snapshotIds(snapshot)).snapshots().stream()
                    .anyMatch(found -> snapshot.equals(found.snapshotId()));
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException notFound) {
            return false;
        }
    }

    /** Deregisters an AMI behind the plugin's back, as an operator in the console would. */
    void deregister(String region, String ami) {
        ec2(region).deregisterImage(r -> r.imageId(ami));
    }

    Ec2Client ec2(String region) {
        return clients.computeIfAbsent(region, name -> Ec2Client.builder().region(Region.of(name)).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .endpointOverride(moto.endpoint()).build());
    }

    /** One of moto's public AMIs, to start the build instances from. */
    private String baseImage(String region) {
        return baseImages.computeIfAbsent(region, name -> ec2(name).describeImages(r -> r.owners("amazon")
                .maxResults(5)).images().get(0).imageId());
    }

    @Override
    public void close() {
        clients.values().forEach(Ec2Client::close);
        http.close();
        try {
            moto.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
