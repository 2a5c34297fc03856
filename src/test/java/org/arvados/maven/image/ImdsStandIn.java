package org.arvados.maven.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The EC2 instance metadata service as an instance the dispatcher starts sees it ({@code HttpTokens: required}):
 * {@code PUT /latest/api/token} with a TTL header gives a token, and a GET without a token it gave is refused with
 * 401. It serves what the EBS autoscaler and the AWS CLI read about the instance, and records every request. A
 * stand-in because nothing here emulates the metadata service; it listens on 127.0.0.1 and the guest reaches it
 * at 169.254.169.254 through {@link #guestForward()}.
 */
final class ImdsStandIn implements AutoCloseable {
    static final String ADDRESS = "169.254.169.254";
    private static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    private static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One request: its method and path, and whether it carried a token this service gave. */
    record Request(String method, String path, boolean withToken) {
    }

    private final HttpServer server;
    private final Map<String, String> metadata;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ImdsStandIn(HttpServer server, Map<String, String> metadata) {
        this.server = server;
        this.metadata = metadata;
    }

    /** Serves {@code instanceId} in {@code availabilityZone} (its region: the zone without its letter). */
    static ImdsStandIn start(String instanceId, String availabilityZone) throws IOException {
        String region = availabilityZone.substring(0, availabilityZone.length() - 1);
        String identity = new ObjectMapper().writeValueAsString(Map.of("instanceId", instanceId,
                "availabilityZone", availabilityZone, "region", region));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ImdsStandIn imds = new ImdsStandIn(server, Map.of(
                "/latest/meta-data/instance-id", instanceId,
                "/latest/meta-data/placement/availability-zone", availabilityZone,
                "/latest/meta-data/placement/region", region,
                "/latest/dynamic/instance-identity/document", identity));
        server.createContext("/", imds::answer);
        server.start();
        return imds;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            boolean withToken = token != null && tokens.contains(token);
            requests.add(new Request(exchange.getRequestMethod(), path, withToken));
            // Each connection from the guest is a relay process of its own: one request each.
            exchange.getResponseHeaders().set("Connection", "close");
            if (exchange.getRequestMethod().equals("PUT") && path.equals("/latest/api/token")) {
                String ttl = exchange.getRequestHeaders().getFirst(TTL_HEADER);
                if (ttl == null || !ttl.matches("[0-9]{1,5}") || Integer.parseInt(ttl) < 1 || Integer.parseInt(ttl) > 21600) {
                    send(exchange, 400, "");
                    return;
                }
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                String issued = HexFormat.of().formatHex(bytes);
                tokens.add(issued);
                send(exchange, 200, issued);
            } else if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "");
            } else if (!withToken) {
                send(exchange, 401, "");
            } else if (metadata.containsKey(path)) {
                send(exchange, 200, metadata.get(path));
            } else {
                send(exchange, 404, "");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * qemu's {@code guestfwd} for the user network: each guest connection to 169.254.169.254:80 starts a relay to
     * this service (the network must hold that address: {@code net=169.254.0.0/16}).
     */
    String guestForward() {
        return "guestfwd=tcp:" + ADDRESS + ":80-cmd:bash -c 'exec 3<>/dev/tcp/127.0.0.1/"
                + server.getAddress().getPort() + "; cat <&3 & exec cat >&3'";
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
