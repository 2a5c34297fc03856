package org.arvados.maven.testing;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A record the tests put together one component at a time ({@code Draft.of(AwsSettings.class).with(AwsSettings::region,
 * "eu-west-1").build()}), through its canonical constructor, so the settings records need no builder of their own.
 * A component left out is null, which the records read as their default.
 */
public final class Draft<R extends Record> {
    /** A component's accessor, e.g. {@code AwsSettings::region}; serializable so that its name can be read. */
    public interface Component<R, T> extends Function<R, T>, Serializable {
    }

    private final Class<R> type;
    private final RecordComponent[] components;
    private final Object[] arguments;

    private Draft(Class<R> type, Object[] arguments) {
        this.type = type;
        this.components = type.getRecordComponents();
        this.arguments = arguments;
    }

    /** Every component null. */
    public static <R extends Record> Draft<R> of(Class<R> type) {
        return new Draft<>(type, new Object[type.getRecordComponents().length]);
    }

    /** Every component as {@code record} has it. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> Draft<R> from(R record) {
        Class<R> type = (Class<R>) record.getClass();
        Object[] arguments = Arrays.stream(type.getRecordComponents()).map(component -> {
            try {
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toArray();
        return new Draft<>(type, arguments);
    }

    public <T> Draft<R> with(Component<R, T> component, T value) {
        String name = nameOf(component);
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                arguments[i] = value;
                return this;
            }
        }
        throw new IllegalArgumentException(name + " is no component of " + type.getSimpleName());
    }

    public R build() {
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types).newInstance(arguments.clone());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nameOf(Serializable accessor) {
        try {
            Method writeReplace = accessor.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return ((SerializedLambda) writeReplace.invoke(accessor)).getImplMethodName();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("give a component's accessor, e.g. AwsSettings::region", e);
        }
    }
}
