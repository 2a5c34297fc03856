package org.arvados.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** qemu's machine protocol (QMP) on the UNIX socket {@link QemuVm.Extras} names: one session per call. */
final class Qmp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Qmp() {
    }

    /**
     * Hot-plugs {@code image} as an NVMe disk with {@code serial}, as EC2 attaches an EBS volume to a Nitro
     * instance (the guest's kernel sees a new PCI device; the volume ID, without its dash, is the serial).
     */
    static void hotplugNvme(Path socket, String id, Path image, String serial) throws IOException {
        ObjectNode blockdev = command("blockdev-add");
        blockdev.putObject("arguments").put("driver", "raw").put("node-name", id)
                .putObject("file").put("driver", "file").put("filename", image.toString());
        ObjectNode device = command("device_add");
        device.putObject("arguments").put("driver", "nvme").put("id", id + "-nvme").put("serial", serial)
                .put("drive", id);
        execute(socket, List.of(blockdev, device));
    }

    private static ObjectNode command(String name) {
        return JSON.createObjectNode().put("execute", name);
    }

    /** Sends each command in turn after the capabilities handshake; each must answer "return". */
    private static void execute(Path socket, List<ObjectNode> commands) throws IOException {
        List<JsonNode> all = new ArrayList<>(List.of(command("qmp_capabilities")));
        all.addAll(commands);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
             BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                     StandardCharsets.UTF_8));
             OutputStream out = Channels.newOutputStream(channel)) {
            in.readLine(); // the greeting
            for (JsonNode command : all) {
                out.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                JsonNode reply = reply(in);
                if (reply == null || !reply.has("return")) {
                    throw new IOException("qemu refused " + command + ": " + reply);
                }
            }
        }
    }

    /** The next line that is no event; null at the end of the stream. */
    private static JsonNode reply(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonNode message = JSON.readTree(line);
            if (!message.has("event")) {
                return message;
            }
        }
        return null;
    }
}
