package org.arvados.maven.prune;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.ledger.ImageRecord;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Prunes an AMI in every region it was copied to: DescribeImages for its snapshots, DescribeSnapshots to check
 * each carries the build's tags, DeregisterImage, then DeleteSnapshot for those that do. A snapshot without the
 * tags was not made by this plugin's build and is left alone.
 */
public final class AwsImageDeleter implements ImageDeleter {
    /** Tags the build puts on the AMI's snapshots: together they say which cluster's build made them. */
    static final String CLUSTER_TAG = "arvados_cluster";
    static final String INPUTS_HASH_TAG = "arvados_inputs_hash";

    private final Supplier<Map<String, String>> credentials;
    private final URI endpoint;
    private final BuildLog log;
    private final Map<String, Ec2Client> clients = new TreeMap<>();
    private SdkHttpClient http;
    private AwsCredentialsProvider provider;

    /**
     * @param credentials the aws-image goal's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
     *                    AWS_SESSION_TOKEN or AWS_PROFILE); empty: the SDK's own chain. Read at the first call.
     * @param endpoint    every region's EC2 endpoint ({@code <aws><endpoint>}); null: the region's own
     */
    public AwsImageDeleter(Supplier<Map<String, String>> credentials, URI endpoint, BuildLog log) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.log = log;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        List<String> planned = new ArrayList<>();
        copies(image).forEach((region, ami) -> {
            if (!image.deleted().contains(region + ":" + ami)) {
                planned.add(region + ":" + ami);
            }
        });
        planned.add("and their snapshots tagged " + requiredTags(image).entrySet().stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.joining(", ")));
        return planned;
    }

    @Override
    public void delete(ImageRecord image, Progress progress) throws java.io.IOException {
        Set<String> done = new HashSet<>(image.deleted());
        for (Map.Entry<String, String> copy : copies(image).entrySet()) {
            String region = copy.getKey();
            String ami = copy.getValue();
            String amiResource = region + ":" + ami;
            Ec2Client ec2 = client(region);
            Optional<Image> found = done.contains(amiResource) ? Optional.empty()
                    : call("DescribeImages " + amiResource, () -> ec2.describeImages(r -> r.imageIds(ami)).images())
                    .flatMap(images -> images.stream().filter(i -> i.state() != ImageState.DEREGISTERED).findFirst());
            List<Snapshot> snapshots;
            if (found.isPresent()) {
                List<String> ids = found.get().blockDeviceMappings().stream().map(BlockDeviceMapping::ebs)
                        .filter(Objects::nonNull).map(EbsBlockDevice::snapshotId).filter(Objects::nonNull).toList();
                snapshots = ids.isEmpty() ? List.of() : snapshots(ec2, amiResource, "snapshot-id", ids);
            } else {
                // EC2 names the AMI in the description of the snapshots it makes for it (CreateImage, CopyImage).
                log.info(amiResource + " is gone already; looking for snapshots left of it by their description.");
                snapshots = snapshots(ec2, amiResource, "description", List.of("*" + ami + "*"));
            }
            List<Snapshot> ours = new ArrayList<>();
            for (Snapshot snapshot : snapshots) {
                if (builtFor(snapshot, image)) {
                    ours.add(snapshot);
                } else {
                    log.warn(region + ":" + snapshot.snapshotId() + " of " + amiResource + " lacks the build's tags ("
                            + requiredTags(image).keySet().stream().collect(Collectors.joining(", "))
                            + "): not made by this plugin for cluster " + image.clusterId() + ", so it is left alone.");
                }
            }
            if (found.isPresent()) {
                if (call("DeregisterImage " + amiResource, () -> ec2.deregisterImage(r -> r.imageId(ami))).isEmpty()) {
                    log.info(amiResource + " was gone before DeregisterImage.");
                } else {
                    progress.deleted(amiResource);
                }
            }
            for (Snapshot snapshot : ours) {
                String resource = region + ":" + snapshot.snapshotId();
                if (!done.contains(resource)
                        && call("DeleteSnapshot " + resource, () -> ec2.deleteSnapshot(r -> r.snapshotId(snapshot.snapshotId()))).isPresent()) {
                    progress.deleted(resource);
                }
            }
        }
    }

    private static List<Snapshot> snapshots(Ec2Client ec2, String amiResource, String filter, List<String> values) {
        return call("DescribeSnapshots of " + amiResource, () -> ec2.describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name(filter).values(values).build())).snapshots()).orElse(List.of());
    }

    /** The region copies (the build region's included), region to AMI. */
    private static Map<String, String> copies(ImageRecord image) {
        return image.regions().isEmpty() ? Map.of(image.region(), image.imageId()) : image.regions();
    }

    private static Map<String, String> requiredTags(ImageRecord image) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(CLUSTER_TAG, image.clusterId());
        if (image.inputsHash() != null) {
            tags.put(INPUTS_HASH_TAG, image.inputsHash());
        }
        return tags;
    }

    private static boolean builtFor(Snapshot snapshot, ImageRecord image) {
        Map<String, String> tags = snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return requiredTags(image).entrySet().stream().allMatch(tag -> tag.getValue().equals(tags.get(tag.getKey())));
    }

    /**
     * Runs one EC2 call; empty when EC2 answers that its resource does not exist (a {@code *.NotFound} code).
     * Failures name the call and EC2's error code and message, which hold no credentials.
     */
    private static <T> Optional<T> call(String call, Supplier<T> action) {
        try {
            return Optional.of(action.get());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && (code.endsWith(".NotFound") || code.equals("InvalidAMIID.Unavailable"))) {
                return Optional.empty();
            }
            throw new CloudCallException(call, code == null ? e.getMessage()
                    : code + ": " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw new CloudCallException(call, e.getMessage());
        }
    }

    private Ec2Client client(String region) {
        return clients.computeIfAbsent(region, name -> {
            if (http == null) {
                http = UrlConnectionHttpClient.create();
                provider = AwsCredentials.provider(credentials.get());
            }
            Ec2ClientBuilder builder = Ec2Client.builder().region(Region.of(name)).httpClient(http)
                    .credentialsProvider(provider);
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(Ec2Client::close);
        if (http != null) {
            http.close();
        }
    }
}
