package org.arvados.maven.image;

import org.arvados.maven.common.BuildLog;
import org.arvados.maven.keys.DispatcherKeys;
import org.arvados.maven.keys.KeySpec;
import org.arvados.maven.keys.KeyType;
import org.arvados.maven.testing.Draft;
import org.arvados.maven.testing.Tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boot disks of workers and the workers booted from them, for the boot test and its benchmark: the stock cloud
 * base of one Debian release (cached), fresh copies of it provisioned in a chroot with the plugin's own rendered scripts for AWS
 * or Azure (local signed apt repositories with stand-ins for what is out of reach here), and the dispatcher's key, made by the
 * keypair goal's code. Everything lives in a scratch folder under /var/tmp, deleted on close.
 */
final class WorkerImages implements AutoCloseable {
    static final String ADMIN = "crunch";
    static final String RESOLVER = "10.20.30.53";
    static final List<String> HOSTS = List.of("10.20.30.40 zzzzz.example.com",
            "10.20.30.41 keep0.zzzzz.example.com keep0");
    static final String CUDA_REPO_DIR = "/srv/nvidia-cuda";
    static final String TOOLKIT_REPO_DIR = "/srv/nvidia-toolkit";
    private static final String REPO_DIR = "/srv/arvados-apt";
    private static final String DOCKER_REPO_DIR = "/srv/docker-apt";
    private static final String INSTANCE_DISK_SIZE = "2G";
    private static final long RESOURCE_DISK_BYTES = 2L << 30;
    /** Where the resource disk's partition starts, as Azure's does: 1 MiB in. */
    private static final long RESOURCE_PARTITION_START_SECTOR = 2048;
    /** The guest's name of the resource disk: the first SCSI disk (the OS disk is the virtio vda). */
    static final String RESOURCE_DISK = "sda";
    /** The line cloud-init's mounts module writes into fstab on an Azure build VM, with this guest's disk name. */
    private static final String BUILD_VM_MNT_LINE = "/dev/" + RESOURCE_DISK + "1\t/mnt\tauto\t"
            + "defaults,nofail,x-systemd.requires=cloud-init.service,_netdev,comment=cloudconfig\t0\t2\n";

    private interface RootChange {
        void apply(ChrootRoot root) throws Exception;
    }

    private final DebianRelease release;
    private final Path workDir;
    private final Path logDir;
    private final Path cloudBase;
    private final Path dispatcherKey;

    private WorkerImages(DebianRelease release, Path workDir, Path logDir, Path cloudBase, Path dispatcherKey) {
        this.release = release;
        this.workDir = workDir;
        this.logDir = logDir;
        this.cloudBase = cloudBase;
        this.dispatcherKey = dispatcherKey;
    }

    /**
     * Checks for root and the tools (skipping, or failing under the CI flag), then makes the base of
     * {@code release} and the key.
     */
    static WorkerImages create(DebianRelease release, Path logDir) throws Exception {
        if (!"0".equals(ChrootRoot.run(List.of("id", "-u")).strip())) {
            Tools.skipOrFail("provisioning a root for the boot test needs root");
        }
        for (String tool : List.of("qemu-system-x86_64", "genisoimage", "mkfs.ext4", "debootstrap", "chroot", "ssh",
                "sfdisk", "mkntfs")) {
            Tools.require(tool);
        }
        Path workDir = Files.createTempDirectory(Path.of("/var/tmp"), "arvados-workers");
        Files.createDirectories(logDir);
        Path key = workDir.resolve("id_dispatcher");
        new DispatcherKeys().ensure(new KeySpec(key, KeyType.RSA, KeySpec.DEFAULT_RSA_BITS,
                "arvados-dispatch-cloud@zzzzz", Optional.of("zzzzz")), BuildLog.SILENT);
        return new WorkerImages(release, workDir, logDir.toAbsolutePath(),
                DebootstrapCache.cloudBaseRoot(release, workDir), key);
    }

    /**
     * The settings every variant shares: the dispatcher's key, admin user, resolver, hosts, local repositories,
     * Debian's docker.io (the only Docker engine here) with an Arvados release it serves.
     */
    Draft<ImageSpec> spec() {
        return Draft.of(ImageSpec.class)
                .with(ImageSpec::clusterId, "zzzzz")
                .with(ImageSpec::publicKeyFile, Path.of(dispatcherKey + ".pub"))
                .with(ImageSpec::adminUsername, ADMIN)
                .with(ImageSpec::resolver, RESOLVER)
                .with(ImageSpec::hosts, HOSTS)
                .with(ImageSpec::workdir, ChrootProvisioning.WORKDIR)
                .with(ImageSpec::arvadosAptUrl, "file://" + REPO_DIR)
                .with(ImageSpec::arvadosAptKeyUrl, "file://" + REPO_DIR + "/pubkey.gpg")
                .with(ImageSpec::dockerSource, "docker.io")
                .with(ImageSpec::versions, versions(null, null));
    }

    /** The Arvados release docker.io serves ({@link LocalAptRepository#OLDER_ARVADOS}), NVIDIA's versions given. */
    static SoftwareVersions versions(String nvidiaDriver, String nvidiaToolkit) {
        return new SoftwareVersions(LocalAptRepository.OLDER_ARVADOS, null, null, nvidiaDriver, nvidiaToolkit, null);
    }

    /** The stock base with only a login for the dispatcher added: the admin user and key, as provisioning adds them. */
    BootDisk base(String name) throws Exception {
        return makeDisk(name, root -> {
            root.exec("useradd", "--create-home", "--shell", "/bin/bash", ADMIN);
            Files.writeString(root.path("/etc/sudoers.d/91-arvados-admin"), ADMIN + " ALL=(ALL) NOPASSWD:ALL\n");
            root.exec("install", "-d", "-m", "0700", "-o", ADMIN, "-g", ADMIN, "/home/" + ADMIN + "/.ssh");
            Files.copy(Path.of(dispatcherKey + ".pub"), root.path("/home/" + ADMIN + "/.ssh/authorized_keys"));
            root.exec("chown", ADMIN + ":" + ADMIN, "/home/" + ADMIN + "/.ssh/authorized_keys");
        });
    }

    /** A fresh copy of the cloud base, provisioned for AWS as packer would, as a boot disk. */
    BootDisk provision(String name, Draft<ImageSpec> spec, Map<String, String> testOnly) throws Exception {
        return provision(name, spec, new AwsImage(Draft.of(AwsSettings.class)
                .with(AwsSettings::sourceAmi, "ami-0123456789abcdef0").build()), root -> { }, testOnly);
    }

    /**
     * As {@link #provision(String, Draft, Map)}, for Azure, on a root whose fstab has the /mnt line cloud-init writes
     * on an Azure build VM (whose resource disk it mounted there).
     */
    BootDisk provisionForAzure(String name, Draft<ImageSpec> spec, Map<String, String> testOnly) throws Exception {
        return provision(name, spec, new AzureImage(Fixtures.azure().build()), root -> Files.writeString(
                root.path("/etc/fstab"), BUILD_VM_MNT_LINE, StandardOpenOption.APPEND), testOnly);
    }

    private BootDisk provision(String name, Draft<ImageSpec> spec, CloudImage cloud, RootChange buildVm,
                               Map<String, String> testOnly) throws Exception {
        return makeDisk(name, root -> {
            buildVm.apply(root);
            LocalAptRepository.build(root, release, REPO_DIR, List.of(release.codename()), DOCKER_REPO_DIR);
            LocalAptRepository.buildNvidia(root, release, CUDA_REPO_DIR, TOOLKIT_REPO_DIR);
            RenderedImage rendered = ImageRenderer.render(spec.build(), cloud, workDir.resolve(name + "-render"), "1.6.6");
            // On a build VM cloud-init has finished before packer connects; in the chroot it never ran.
            Path cloudInit = root.path("/usr/local/bin/cloud-init");
            Files.writeString(cloudInit, "#!/bin/sh\necho 'status: done'\n");
            cloudInit.toFile().setExecutable(true);
            root.runProvisioning(ChrootProvisioning.place(root, rendered, testOnly));
            Files.delete(cloudInit);
            // The test's own FUSE filesystem, to see user_allow_other in effect (arv-mount is a stand-in here).
            root.exec("apt-get", "install", "-y", "-q", "--no-install-recommends", "bindfs");
            root.exec("apt-get", "clean");
        });
    }

    private BootDisk makeDisk(String name, RootChange change) throws Exception {
        Path dir = Files.createTempDirectory(workDir, name);
        try (ChrootRoot root = ChrootRoot.extract(cloudBase, dir.resolve("root"))) {
            root.mount();
            change.apply(root);
            root.unmount();
            return BootDisk.make(root.dir(), workDir, name);
        }
    }

    /** Two blank disks, as an instance's NVMe instance store arrives. */
    List<Path> instanceDisks(String name) throws Exception {
        return List.of(BootDisk.blank(workDir.resolve(name + "-nvme0.img"), INSTANCE_DISK_SIZE),
                BootDisk.blank(workDir.resolve(name + "-nvme1.img"), INSTANCE_DISK_SIZE));
    }

    /**
     * A disk as Azure's resource disk arrives on a new VM: one MBR partition from 1 MiB to the end, holding an empty
     * NTFS filesystem labelled "Temporary Storage".
     */
    Path resourceDisk(String name) throws Exception {
        Path disk = workDir.resolve(name + "-resource.img");
        Path partition = workDir.resolve(name + "-resource-part1.img");
        long start = RESOURCE_PARTITION_START_SECTOR * 512;
        ChrootRoot.run(List.of("truncate", "-s", String.valueOf(RESOURCE_DISK_BYTES), disk.toString()));
        ChrootRoot.run(List.of("sh", "-c", "echo 'start=" + RESOURCE_PARTITION_START_SECTOR + ", type=7' | sfdisk -q \"$1\"",
                "sh", disk.toString()));
        ChrootRoot.run(List.of("truncate", "-s", String.valueOf(RESOURCE_DISK_BYTES - start), partition.toString()));
        ChrootRoot.run(List.of("mkntfs", "-Q", "-F", "-q", "-L", "Temporary Storage", "-s", "512",
                "-p", String.valueOf(RESOURCE_PARTITION_START_SECTOR), "-H", "255", "-S", "63", partition.toString()));
        ChrootRoot.run(List.of("dd", "if=" + partition, "of=" + disk, "bs=1M", "seek=" + (start >> 20),
                "conv=notrunc,sparse", "status=none"));
        Files.delete(partition);
        return disk;
    }

    /** Boots {@code disk} as a new instance: a fresh seed with the dispatcher's user data, console to the log folder. */
    BootedWorker boot(String name, BootDisk disk, List<Path> instanceDisks, int sshPort) throws Exception {
        return boot(name, disk, instanceDisks, sshPort, ADMIN);
    }

    /**
     * Boots {@code disk} as a new Azure VM with {@code resourceDisk} as its resource disk, the dispatcher logging in as
     * {@link #ADMIN}. The seed's vendor data is what cloud-init's Azure datasource adds there: the resource disk as
     * ephemeral0 (cloud-init's default mounts entry then mounts its first partition on /mnt), the datasource's own
     * formatting of that partition (ext4), and the admin user the dispatcher asks Azure for, with its key and
     * passwordless sudo (an Azure image has none of its own).
     */
    BootedWorker bootOnAzure(String name, BootDisk disk, Path resourceDisk) throws Exception {
        String vendorData = """
                #cloud-config
                device_aliases: {ephemeral0: /dev/%s}
                fs_setup:
                  - {filesystem: ext4, device: ephemeral0.1}
                users:
                  - name: %s
                    shell: /bin/bash
                    sudo: "ALL=(ALL) NOPASSWD:ALL"
                    ssh_authorized_keys: ["%s"]
                """.formatted(RESOURCE_DISK, ADMIN, Files.readString(Path.of(dispatcherKey + ".pub")).strip());
        return start(name, disk, List.of(), List.of(resourceDisk), 22, ADMIN, "", vendorData);
    }

    /** As {@link #boot(String, BootDisk, List, int)}, the dispatcher logging in as {@code adminUsername}. */
    BootedWorker boot(String name, BootDisk disk, List<Path> instanceDisks, int sshPort, String adminUsername)
            throws Exception {
        return boot(name, disk, instanceDisks, sshPort, adminUsername, "");
    }

    /** As {@link #boot(String, BootDisk, List, int, String)}, with {@code kernelArgs} on the kernel's command line. */
    BootedWorker boot(String name, BootDisk disk, List<Path> instanceDisks, int sshPort, String adminUsername,
                      String kernelArgs) throws Exception {
        return start(name, disk, instanceDisks, List.of(), sshPort, adminUsername, kernelArgs, "");
    }

    private BootedWorker start(String name, BootDisk disk, List<Path> nvmeDisks, List<Path> scsiDisks, int sshPort,
                               String adminUsername, String kernelArgs, String vendorData) throws Exception {
        NoCloudSeed seed = NoCloudSeed.write(workDir.resolve(name + "-seed"), name, "", vendorData);
        QemuVm vm = QemuVm.boot(disk, nvmeDisks, scsiDisks, seed.iso(), sshPort, logDir.resolve(name + "-console.log"),
                kernelArgs);
        return new BootedWorker(name, vm, new WorkerSsh(dispatcherKey, adminUsername, vm.sshPort()), seed);
    }

    /** A copy of {@code disk} that a boot may change while the original stays as built. */
    BootDisk copy(BootDisk disk, String name) throws Exception {
        Path image = workDir.resolve(name + ".img");
        ChrootRoot.run(List.of("cp", "--sparse=always", disk.image().toString(), image.toString()));
        return new BootDisk(image, disk.kernel(), disk.initrd());
    }

    @Override
    public void close() throws Exception {
        ChrootRoot.run(List.of("rm", "-rf", "--one-file-system", workDir.toString()));
    }
}
