package dev.mx20.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reflection registrations the native image needs for library classes that are created reflectively
 * and that no Quarkus extension knows about. JVM mode ignores this class.
 *
 * <p>mime4j's {@code MessageServiceFactory.newInstance()} loads {@code MessageServiceFactoryImpl} through
 * {@link java.util.ServiceLoader}: the service file is kept by {@code quarkus.native.resources.includes}
 * and the implementation's constructor is registered here.
 */
@RegisterForReflection(targets = org.apache.james.mime4j.message.MessageServiceFactoryImpl.class)
final class NativeImageConfiguration {
    private NativeImageConfiguration() {
    }
}
