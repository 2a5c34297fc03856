package org.arvados.maven.prune;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2's Query API on 127.0.0.1 for DescribeImages, DescribeSnapshots, DeregisterImage and DeleteSnapshot, answering
 * in EC2's XML (and its error document), keeping images and snapshots per region: the region is the one the SDK
 * signed the request for. As EC2 does, it refuses to delete a snapshot an AMI still uses.
 *
 * <p>Hand-written, so it shares the plugin's assumptions: the prune tests use moto for everything EC2 does, and this
 * stand-in only for what neither EC2 nor moto answers (a filter ignored, a non-EC2 or endless answer, a redirect, a
 * slow call, a failure injected midway).</p>
 */
final class Ec2StandIn implements AutoCloseable {
    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final Pattern SIGNED_REGION = Pattern.compile("Credential=([^/]+)/\\d{8}/([^/]+)/ec2/aws4_request");

    record Snapshot(String id, String description, Map<String, String> tags) {
    }

    /** One request: its action, the region it was signed for, the access key ID it was signed with, its parameters. */
    record Call(String action, String region, String accessKeyId, Map<String, String> parameters) {
        @Override
        public String toString() {
            return action + " " + region + " " + parameters;
        }
    }

    private final HttpServer server;
    private final Map<String, Map<String, List<String>>> images = new TreeMap<>();
    private final Map<String, Map<String, Snapshot>> snapshots = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<String> requestTexts = new ArrayList<>();
    private final Map<String, Hostile> hostile = new TreeMap<>();
    private boolean ignoreFilters;

    private final Map<String, Long> delays = new TreeMap<>();

    /** An answer EC2 never gives: status, headers, and a body of {@code body} then {@code fillBytes} of {@code fill}. */
    record Hostile(int status, Map<String, String> headers, String body, String fill, long fillBytes) {
        Hostile(int status, Map<String, String> headers, String body) {
            this(status, headers, body, "", 0);
        }
    }

    Ec2StandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An AMI with its block devices' snapshots. */
    synchronized void image(String region, String ami, String... snapshotIds) {
        images.computeIfAbsent(region, r -> new TreeMap<>()).put(ami, List.of(snapshotIds));
    }

    /** Deregisters an AMI as an earlier run (or a hand) did, leaving its snapshots. */
    synchronized void deregister(String region, String ami) {
        images.getOrDefault(region, Map.of()).remove(ami);
    }

    synchronized void snapshot(String region, String id, String description, Map<String, String> tags) {
        snapshots.computeIfAbsent(region, r -> new TreeMap<>()).put(id, new Snapshot(id, description, tags));
    }

    /** The next {@code action} on {@code resourceId} fails with EC2 error {@code code} (403, not retried). */
    synchronized void fail(String action, String resourceId, String code) {
        failures.put(action + " " + resourceId, code);
    }

    /** Every {@code action} gets {@code answer} instead of EC2's. */
    synchronized void hostile(String action, Hostile answer) {
        hostile.put(action, answer);
    }

    /** Every {@code action} is answered as EC2 would, after {@code millis}. */
    synchronized void delay(String action, long millis) {
        delays.put(action, millis);
    }

    /** DescribeSnapshots answers with every snapshot of the region, whatever its filters ask. */
    synchronized void ignoreFilters() {
        ignoreFilters = true;
    }

    synchronized boolean hasImage(String region, String ami) {
        return images.getOrDefault(region, Map.of()).containsKey(ami);
    }

    synchronized boolean hasSnapshot(String region, String id) {
        return snapshots.getOrDefault(region, Map.of()).containsKey(id);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every request's headers and body as received, to search for what must never be sent. */
    synchronized List<String> requestTexts() {
        return List.copyOf(requestTexts);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> parameters = form(body);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher signed = SIGNED_REGION.matcher(authorization == null ? "" : authorization);
        boolean isSigned = signed.find();
        String region = isSigned ? signed.group(2) : "unsigned";
        String action = parameters.getOrDefault("Action", "");
        int status;
        String response;
        Hostile rogue;
        synchronized (this) {
            calls.add(new Call(action, region, isSigned ? signed.group(1) : null, parameters));
            requestTexts.add(exchange.getRequestHeaders() + "\n" + body);
            rogue = hostile.get(action);
        }
        try {
            Thread.sleep(delays.getOrDefault(action, 0L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (rogue != null) {
            answerHostile(exchange, rogue);
            return;
        }
        synchronized (this) {
            String[] answer = answer(action, region, parameters);
            status = Integer.parseInt(answer[0]);
            response = answer[1];
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void answerHostile(HttpExchange exchange, Hostile rogue) throws IOException {
        rogue.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] chunk = rogue.fill().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(rogue.status(), 0);
            exchange.getResponseBody().write(rogue.body().getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < rogue.fillBytes() && chunk.length > 0; sent += chunk.length) {
                exchange.getResponseBody().write(chunk);
            }
        } catch (IOException clientGaveUp) {
            // what a bounded client does to an endless answer
        } finally {
            exchange.close();
        }
    }

    private String[] answer(String action, String region, Map<String, String> p) {
        Map<String, List<String>> regionImages = images.computeIfAbsent(region, r -> new TreeMap<>());
        Map<String, Snapshot> regionSnapshots = snapshots.computeIfAbsent(region, r -> new TreeMap<>());
        String target = p.getOrDefault(action.equals("DescribeImages") ? "ImageId.1" : action.equals("DeregisterImage")
                ? "ImageId" : action.equals("DeleteSnapshot") ? "SnapshotId" : "", "");
        String injected = failures.remove(action + " " + target);
        if (injected != null) {
            return error(403, injected, "You are not authorized to perform this operation.");
        }
        switch (action) {
            case "DescribeImages": {
                if (!regionImages.containsKey(target)) {
                    return error(400, "InvalidAMIID.NotFound", "The image id '[" + target + "]' does not exist");
                }
                return ok("DescribeImagesResponse", "<imagesSet>" + imageXml(target, regionImages.get(target)) + "</imagesSet>");
            }
            case "DescribeSnapshots": {
                StringBuilder items = new StringBuilder();
                for (Snapshot snapshot : regionSnapshots.values()) {
                    if (ignoreFilters || matches(snapshot, p)) {
                        items.append(snapshotXml(snapshot));
                    }
                }
                return ok("DescribeSnapshotsResponse", "<snapshotSet>" + items + "</snapshotSet>");
            }
            case "DeregisterImage": {
                if (regionImages.remove(target) == null) {
                    return error(400, "InvalidAMIID.NotFound", "The image id '[" + target + "]' does not exist");
                }
                return ok("DeregisterImageResponse", "<return>true</return>");
            }
            case "DeleteSnapshot": {
                for (Map.Entry<String, List<String>> image : regionImages.entrySet()) {
                    if (image.getValue().contains(target)) {
                        return error(400, "InvalidSnapshot.InUse", "The snapshot " + target + " is currently in use by "
                                + image.getKey());
                    }
                }
                if (regionSnapshots.remove(target) == null) {
                    return error(400, "InvalidSnapshot.NotFound", "The snapshot '" + target + "' does not exist.");
                }
                return ok("DeleteSnapshotResponse", "<return>true</return>");
            }
            default:
                return error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
    }

    /** The Filter.N.Name / Filter.N.Value.M parameters the stand-in knows: snapshot-id and description (with *). */
    private static boolean matches(Snapshot snapshot, Map<String, String> p) {
        for (int n = 1; p.containsKey("Filter." + n + ".Name"); n++) {
            String name = p.get("Filter." + n + ".Name");
            List<String> values = new ArrayList<>();
            for (int m = 1; p.containsKey("Filter." + n + ".Value." + m); m++) {
                values.add(p.get("Filter." + n + ".Value." + m));
            }
            String field = switch (name) {
                case "snapshot-id" -> snapshot.id();
                case "description" -> snapshot.description();
                default -> throw new IllegalArgumentException("filter " + name + " not known to the stand-in");
            };
            if (values.stream().noneMatch(value -> glob(value).matcher(field).matches())) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        for (String part : value.split("\\*", -1)) {
            regex.append(Pattern.quote(part)).append(".*");
        }
        return Pattern.compile(regex.substring(0, regex.length() - 2));
    }

    private static String imageXml(String ami, List<String> snapshotIds) {
        StringBuilder devices = new StringBuilder();
        char letter = 'a';
        for (String snapshot : snapshotIds) {
            devices.append("<item><deviceName>/dev/xvd").append(letter++).append("</deviceName><ebs><snapshotId>")
                    .append(snapshot).append("</snapshotId><volumeSize>20</volumeSize><deleteOnTermination>true"
                            + "</deleteOnTermination><volumeType>gp3</volumeType><iops>3000</iops><encrypted>false"
                            + "</encrypted><throughput>125</throughput></ebs></item>");
        }
        devices.append("<item><deviceName>/dev/sdb</deviceName><virtualName>ephemeral0</virtualName></item>");
        return "<item><imageId>" + ami + "</imageId><imageLocation>123456789012/arvados-zzzzz-compute-1</imageLocation>"
                + "<imageState>available</imageState><imageOwnerId>123456789012</imageOwnerId>"
                + "<creationDate>2026-11-01T10:00:00.000Z</creationDate><isPublic>false</isPublic>"
                + "<architecture>x86_64</architecture><imageType>machine</imageType>"
                + "<name>arvados-zzzzz-compute-1</name><rootDeviceType>ebs</rootDeviceType>"
                + "<rootDeviceName>/dev/xvda</rootDeviceName><blockDeviceMapping>" + devices + "</blockDeviceMapping>"
                + "<virtualizationType>hvm</virtualizationType><hypervisor>xen</hypervisor><enaSupport>true</enaSupport>"
                + "<imdsSupport>v2.0</imdsSupport></item>";
    }

    private static String snapshotXml(Snapshot snapshot) {
        StringBuilder tags = new StringBuilder();
        snapshot.tags().forEach((key, value) -> tags.append("<item><key>").append(key).append("</key><value>")
                .append(value).append("</value></item>"));
        return "<item><snapshotId>" + snapshot.id() + "</snapshotId><volumeId>vol-0123456789abcdef0</volumeId>"
                + "<status>completed</status><startTime>2026-11-01T10:00:00.000Z</startTime><progress>100%</progress>"
                + "<ownerId>123456789012</ownerId><volumeSize>20</volumeSize><description>"
                + snapshot.description() + "</description><encrypted>false</encrypted><storageTier>standard"
                + "</storageTier>" + (tags.isEmpty() ? "" : "<tagSet>" + tags + "</tagSet>") + "</item>";
    }

    private static String[] ok(String element, String content) {
        return new String[] {"200", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + element + " xmlns=\"" + NS + "\">"
                + "<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>" + content + "</" + element + ">"};
    }

    private static String[] error(int status, String code, String message) {
        return new String[] {String.valueOf(status), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
                + "<Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>ea966190-f9aa-478e-9ede-cdEXAMPLE</RequestID></Response>"};
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
