package dev.mx20.rest.problem;

import dev.mx20.rest.dsn.DsnResource;
import dev.mx20.rest.relay.RelayQueueResource;
import dev.mx20.rest.validate.MailIpv6Resource;
import dev.mx20.rest.validate.RelayValidateResource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each resource path answers, read once from the JAX-RS annotations of the resource classes, for the
 * {@code Allow} header that a 405 must carry (RFC 9110 §15.5.6: "The origin server MUST generate an Allow header
 * field in a 405"). Quarkus REST does not hand the allowed methods to the exception mapper for every path, so the
 * mapper asks here. GET implies HEAD (RFC 9110 §9.3.2), and OPTIONS is answered for every resource (JAX-RS).
 */
public final class AllowedMethods {
    /** Every JAX-RS resource class of the service; {@code AllowedMethodsTest} fails on one missing here. */
    static final List<Class<?>> RESOURCES = List.of(DsnResource.class, MailIpv6Resource.class,
            RelayValidateResource.class, RelayQueueResource.class);

    private static final AllowedMethods SERVICE = of(RESOURCES);

    private record Route(String template, Pattern path, Set<String> methods) {
    }

    private final List<Route> routes;

    private AllowedMethods(List<Route> routes) {
        this.routes = routes;
    }

    /** The service's resources. */
    public static AllowedMethods service() {
        return SERVICE;
    }

    static AllowedMethods of(List<Class<?>> resources) {
        Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
        for (Class<?> resource : resources) {
            Path base = resource.getAnnotation(Path.class);
            for (Method m : resource.getMethods()) {
                String method = httpMethod(m);
                if (method == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String template = join(base == null ? "" : base.value(), sub == null ? "" : sub.value());
                Set<String> methods = byTemplate.computeIfAbsent(template, t -> new TreeSet<>());
                methods.add(method);
                if (method.equals(HttpMethod.GET)) {
                    methods.add(HttpMethod.HEAD);
                }
                methods.add(HttpMethod.OPTIONS);
            }
        }
        List<Route> routes = new ArrayList<>();
        byTemplate.forEach((template, methods) -> routes.add(new Route(template, regex(template), Set.copyOf(methods))));
        return new AllowedMethods(List.copyOf(routes));
    }

    /**
     * The {@code Allow} value for a request path ("GET, HEAD, OPTIONS"), or empty when no resource has that path
     * (then the answer is a 404, not a 405). Several templates may match (a literal and a parameter); their
     * methods are joined, as the request could reach any of them.
     */
    public Optional<String> allow(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> methods = new TreeSet<>();
        for (Route r : routes) {
            if (r.path().matcher(p).matches()) {
                methods.addAll(r.methods());
            }
        }
        return methods.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", methods));
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String s = sub.isEmpty() || sub.startsWith("/") ? sub : "/" + sub;
        String joined = b + s;
        if (!joined.startsWith("/")) {
            joined = "/" + joined;
        }
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /**
     * A JAX-RS path template as a regular expression (JAX-RS 3.1 §3.7.3): literal text quoted, {@code {name}} one
     * path segment, {@code {name: regex}} that regex.
     */
    static Pattern regex(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(Pattern.quote(template.substring(i)));
                break;
            }
            if (open > i) {
                out.append(Pattern.quote(template.substring(i, open)));
            }
            int depth = 0;
            int close = open;
            for (; close < template.length(); close++) {
                char c = template.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String param = template.substring(open + 1, close);
            int colon = param.indexOf(':');
            out.append('(').append(colon < 0 ? "[^/]+" : param.substring(colon + 1).trim()).append(')');
            i = close + 1;
        }
        return Pattern.compile(out.toString());
    }
}
