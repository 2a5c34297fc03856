package org.arvados.maven.prune;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the cloud SDKs' jars and this plugin's classes that call them ({@value #PACKAGE}). Those classes are its own,
 * defined here from the plugin's code even though the plugin's class loader could define them too, so that they
 * link against the SDKs; every other class (the deleter interface, the ledger, the log) comes from the plugin's
 * class loader, so both sides share it.
 */
public final class SdkClassLoader extends URLClassLoader {
    /** The package of the plugin's classes that link against the SDKs. */
    public static final String PACKAGE = "org.arvados.maven.prune.sdk.";

    static {
        registerAsParallelCapable();
    }

    private SdkClassLoader(URL[] urls, ClassLoader plugin) {
        super(urls, plugin);
    }

    /** {@link CloudSdks} over {@code sdkJars}, with every other class from {@code plugin} (the plugin's own). */
    public static CloudSdks load(List<Path> sdkJars, ClassLoader plugin) {
        List<URL> urls = new ArrayList<>();
        urls.add(CloudSdks.class.getProtectionDomain().getCodeSource().getLocation());
        try {
            for (Path jar : sdkJars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        return create(new SdkClassLoader(urls.toArray(URL[]::new), plugin));
    }

    /** {@link CloudSdks} from {@code loader}, which holds the SDKs and the plugin's classes that call them. */
    public static CloudSdks create(ClassLoader loader) {
        try {
            return (CloudSdks) Class.forName(CloudSdks.IMPLEMENTATION, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("The plugin's jar lacks " + CloudSdks.IMPLEMENTATION + ": " + e, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
