package dev.mx20.rest.relay;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The service with {@code mx20.relay.enabled=true} and the loopback relay of {@link HostedRelayResource}. */
public class HostedRelayProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(HostedRelayResource.class));
    }
}
