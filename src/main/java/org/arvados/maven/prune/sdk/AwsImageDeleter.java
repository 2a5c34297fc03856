package org.arvados.maven.prune.sdk;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.common.Setting;
import org.arvados.maven.ledger.ImageRecord;
import org.arvados.maven.prune.AwsImages;
import org.arvados.maven.prune.CloudCallException;
import org.arvados.maven.prune.ImageDeleter;
import org.arvados.maven.prune.RunDeadline;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prunes an AMI in every region it was copied to: DescribeImages for the snapshots it maps (recorded in the ledger
 * before anything is deleted, since EC2 forgets them with the AMI), DeregisterImage, DescribeImages again to see it
 * gone, then DeleteSnapshot for each mapped snapshot that carries the build's tags. A snapshot without them was not
 * made by this plugin's build and is left alone. Every item an answer holds is checked, never trusted to match the
 * filter asked for.
 */
public final class AwsImageDeleter implements ImageDeleter {
    /** One call, retries included; no call starts after the run's deadline. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final Supplier<Map<String, String>> credentials;
    private final URI endpoint;
    private final BuildLog log;
    private final RunDeadline deadline;
    private final Map<String, Ec2Client> clients = new TreeMap<>();
    private BoundedHttpClient http;
    private AwsCredentialsProvider provider;
    private String account;

    /**
     * @param credentials the aws-image goal's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
     *                    AWS_SESSION_TOKEN or AWS_PROFILE); empty: the SDK's own chain. Read at the first call.
     * @param endpoint    every region's EC2 endpoint ({@code <aws><endpoint>}); null: the region's own
     * @param deadline    the run's: no call starts after it
     */
    public AwsImageDeleter(Supplier<Map<String, String>> credentials, URI endpoint, RunDeadline deadline,
                           BuildLog log) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.log = log;
        this.deadline = deadline;
    }

    @Override
    public List<String> planned(ImageRecord image) {
        return AwsImages.planned(image);
    }

    @Override
    public List<String> missingFields(ImageRecord image) {
        return AwsImages.missingFields(image);
    }

    @Override
    public List<Left> delete(ImageRecord image, Progress progress) throws java.io.IOException {
        List<Left> left = new ArrayList<>();
        for (Map.Entry<String, String> copy : AwsImages.copies(image).entrySet()) {
            String region = copy.getKey();
            String ami = copy.getValue();
            String amiResource = region + ":" + ami;
            Ec2Client ec2 = client(region);
            Set<String> mapped = new LinkedHashSet<>(AwsImages.recordedSnapshots(image, region));
            if (!image.deleted().contains(amiResource)) {
                Optional<Image> found = describeImage(ec2, amiResource, ami);
                if (found.isEmpty()) {
                    // Not seen is not gone: other credentials see no AMI either. Its snapshots wait for a deletion on record.
                    left.add(new Left(amiResource, "EC2 shows no such AMI to " + account(region) + ", and the ledger"
                            + " records no deletion of it. If these are not the credentials of the account it was built"
                            + " in, run again with those; if it was deregistered by hand, add \"" + amiResource
                            + "\" to the entry's \"deleted\" list and run again to delete its snapshots."));
                    continue;
                } else if (!progress.mayDelete(amiResource)) {
                    left.add(new Left(amiResource, "a kept image or config.yml names it"));
                    continue;
                } else {
                    List<String> ids = found.get().blockDeviceMappings().stream().map(BlockDeviceMapping::ebs)
                            .filter(Objects::nonNull).map(EbsBlockDevice::snapshotId).filter(Objects::nonNull).toList();
                    progress.mapped(ids.stream().map(id -> region + ":" + id).toList());
                    mapped.addAll(ids);
                    call("DeregisterImage " + amiResource, () -> ec2.deregisterImage(r -> r.imageId(ami)));
                    if (describeImage(ec2, amiResource, ami).isPresent()) {
                        throw new CloudCallException("DeregisterImage " + amiResource, "EC2 still shows the AMI"
                                + " afterwards");
                    }
                    progress.deleted(amiResource);
                }
            }
            for (Snapshot snapshot : snapshotsOf(ec2, image, amiResource, mapped)) {
                String resource = region + ":" + snapshot.snapshotId();
                if (!image.deleted().contains(resource) && progress.mayDelete(resource)
                        && deleteSnapshot(ec2, resource, snapshot.snapshotId())) {
                    progress.deleted(resource);
                }
            }
        }
        return left;
    }

    /** The AMI, if EC2 shows it registered: only an item of that ID counts, whatever else the answer holds. */
    private Optional<Image> describeImage(Ec2Client ec2, String amiResource, String ami) {
        return call("DescribeImages " + amiResource, () -> ec2.describeImages(r -> r.imageIds(ami)).images())
                .flatMap(images -> images.stream().filter(i -> ami.equals(i.imageId()))
                        .filter(i -> i.state() != ImageState.DEREGISTERED).findFirst());
    }

    /**
     * The build's snapshots of one copy, whose AMI is gone: those it mapped (recorded, or just read), each carrying the
     * build's tags; where none were recorded, those whose description says EC2 made them for it and whose tags carry
     * both the cluster and the inputs hash.
     */
    private List<Snapshot> snapshotsOf(Ec2Client ec2, ImageRecord image, String amiResource, Set<String> mapped) {
        String ami = amiResource.substring(amiResource.indexOf(':') + 1);
        List<Snapshot> found;
        if (!mapped.isEmpty()) {
            found = describeSnapshots(ec2, amiResource, Filter.builder().name("snapshot-id").values(mapped).build())
                    .stream().filter(snapshot -> mapped.contains(snapshot.snapshotId())).toList();
        } else if (image.inputsHash() != null) {
            log.info(amiResource + " is gone and the ledger records none of its snapshots; looking for those EC2 made"
                    + " for it, by their description and the build's tags.");
            Pattern madeFor = Pattern.compile("(?:\\bfor|\\bDestinationAmi) " + Pattern.quote(ami) + "\\b");
            found = describeSnapshots(ec2, amiResource, Filter.builder().name("description").values("*" + ami + "*")
                    .build()).stream().filter(snapshot -> snapshot.description() != null
                            && madeFor.matcher(snapshot.description()).find()).toList();
        } else {
            log.warn(amiResource + " is gone, and its ledger entry has neither recorded snapshots nor an inputs hash"
                    + " to tell the build's snapshots from others: any left must be deleted by hand.");
            return List.of();
        }
        List<Snapshot> ours = new ArrayList<>();
        for (Snapshot snapshot : found) {
            if (builtFor(snapshot, image)) {
                ours.add(snapshot);
            } else {
                log.warn(amiResource.substring(0, amiResource.indexOf(':') + 1) + snapshot.snapshotId() + " of "
                        + amiResource + " lacks the build's tags (" + String.join(", ", AwsImages.requiredTags(image).keySet())
                        + "): not made by this plugin for cluster " + image.clusterId() + ", so it is left alone.");
            }
        }
        return ours;
    }

    private List<Snapshot> describeSnapshots(Ec2Client ec2, String amiResource, Filter filter) {
        return call("DescribeSnapshots of " + amiResource, () -> ec2.describeSnapshots(r -> r.ownerIds("self")
                .filters(filter)).snapshots()).orElse(List.of());
    }

    /** False where the snapshot was gone already, or another AMI still uses it (that image keeps it). */
    private boolean deleteSnapshot(Ec2Client ec2, String resource, String snapshotId) {
        try {
            return call("DeleteSnapshot " + resource, () -> ec2.deleteSnapshot(r -> r.snapshotId(snapshotId))).isPresent();
        } catch (CloudCallException e) {
            if (e.getMessage().contains("InvalidSnapshot.InUse")) {
                log.warn(resource + " is left alone: another AMI uses it (" + e.getMessage() + ").");
                return false;
            }
            throw e;
        }
    }

    private static boolean builtFor(Snapshot snapshot, ImageRecord image) {
        Map<String, String> tags = snapshot.tags().stream().filter(tag -> tag.key() != null && tag.value() != null)
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        return AwsImages.requiredTags(image).entrySet().stream().allMatch(tag -> tag.getValue().equals(tags.get(tag.getKey())));
    }

    /** Who was asked, for a report that EC2 shows no AMI: the account (and profile) and region. */
    private String account(String region) {
        if (account == null) {
            String profile = credentials.get().get("AWS_PROFILE");
            String who;
            try (StsClient sts = configure(StsClient.builder(), region).build()) {
                who = "account " + call("GetCallerIdentity", () -> sts.getCallerIdentity().account())
                        .orElse("(unknown)");
            } catch (CloudCallException e) {
                who = "the credentials' account (" + e.getMessage() + ")";
            }
            account = who + (profile == null ? "" : ", profile " + profile);
        }
        return account + ", region " + region;
    }

    /**
     * Runs one EC2 call; empty when EC2 answers that its resource does not exist (a {@code *.NotFound} code).
     * Failures name the call and EC2's error code and message, which hold no credentials.
     */
    private <T> Optional<T> call(String call, Supplier<T> action) {
        deadline.remaining(call, CALL_TIMEOUT);
        try {
            return Optional.of(action.get());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && (code.endsWith(".NotFound") || code.equals("InvalidAMIID.Unavailable"))) {
                return Optional.empty();
            }
            if (e.statusCode() >= 300 && e.statusCode() < 400) {
                String location = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
                        : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Location").orElse(null);
                throw new CloudCallException(call, "the endpoint answered HTTP " + e.statusCode() + ", a redirect"
                        + (location == null ? "" : " to " + location) + ", which EC2's API never answers: set "
                        + Setting.element("aws", "endpoint") + " to the API's own URL");
            }
            throw new CloudCallException(call, code == null ? "HTTP " + e.statusCode() + ": " + e.getMessage()
                    : code + ": " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            // The SDK's XML parser reports the cut answer as malformed, without its cause.
            throw new CloudCallException(call, http != null && http.takeExceeded() ? http.exceededMessage()
                    : e.getMessage());
        }
    }

    private Ec2Client client(String region) {
        return clients.computeIfAbsent(region, name -> configure(Ec2Client.builder(), name).build());
    }

    /** A client of the region, through the bounded HTTP client, with the credentials and the endpoint. */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region) {
        if (http == null) {
            http = new BoundedHttpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(30))
                    .socketTimeout(Duration.ofSeconds(60)).build(), ImageDeleter.MAX_ANSWER_BYTES);
            provider = AwsCredentials.provider(credentials.get());
        }
        builder.region(Region.of(region)).httpClient(http).credentialsProvider(provider)
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    @Override
    public void close() {
        clients.values().forEach(Ec2Client::close);
        if (http != null) {
            http.close();
        }
    }
}
