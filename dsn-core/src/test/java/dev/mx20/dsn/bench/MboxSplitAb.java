package dev.mx20.dsn.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A/B of two builds of the mbox reader in one JVM (the {@link InterleavedAb} idea for splitting): each build's
 * classes get their own class loader (nothing else is loaded from it), and full splits of one mailbox alternate between A and B (ABBA order, after
 * 30 warm-up splits each), each timed in thread CPU time. The reader is named by class, so a build from before
 * the reader moved to dsn-core ({@code dev.mx20.rest.mbox.MboxReader} in rest-api's classes) can be compared
 * with {@code dev.mx20.dsn.mbox.MboxReader}. Not a unit test; see docs/benchmarks.md (rest-api). Usage:
 * {@code MboxSplitAb <mbox> <passes> <classes dir A> <reader class A> <classes dir B> <reader class B>}.
 */
public final class MboxSplitAb {
    private MboxSplitAb() {
    }

    public static void main(String[] args) throws Exception {
        byte[] mbox = Files.readAllBytes(Path.of(args[0]));
        int passes = Integer.parseInt(args[1]);
        Reader[] builds = {Reader.load(args[2], args[3]), Reader.load(args[4], args[5])};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] nsPerMessage = new double[2][passes];
        long checksum = 0;
        for (int w = 0; w < 30; w++) {
            for (Reader r : builds) {
                checksum += r.split(mbox)[0];
            }
        }
        for (int pass = 0; pass < passes; pass++) {
            for (int k = 0; k < 2; k++) {
                int which = pass % 2 == 0 ? k : 1 - k; // ABBA
                long start = threads.getCurrentThreadCpuTime();
                long[] bytesAndCount = builds[which].split(mbox);
                nsPerMessage[which][pass] = (threads.getCurrentThreadCpuTime() - start) / (double) bytesAndCount[1];
                checksum += bytesAndCount[0];
            }
        }
        for (int k = 0; k < 2; k++) {
            double[] s = nsPerMessage[k].clone();
            Arrays.sort(s);
            System.out.printf("%s (%s): CPU ns per message: min %.0f, p25 %.0f, median %.0f%n", k == 0 ? "A" : "B",
                    args[3 + 2 * k], s[0], s[passes / 4], s[passes / 2]);
        }
        System.out.println("checksum " + checksum);
    }

    /** One build's reader, driven by reflection: (InputStream, long, long) constructor, open(), next(). */
    private record Reader(Constructor<?> create, Method open, Method next, Method content) {
        static Reader load(String classesDir, String readerClass) throws Exception {
            // The platform loader as parent: the reader needs java.* only, and A and B must not resolve to the
            // class path's copy.
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(classesDir).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> reader = loader.loadClass(readerClass);
            Class<?> message = loader.loadClass(readerClass.replace("MboxReader", "MboxMessage"));
            return new Reader(reader.getConstructor(InputStream.class, long.class, long.class),
                    reader.getMethod("open"), reader.getMethod("next"), message.getMethod("content"));
        }

        /** Splits the whole mailbox; returns the bytes of all messages and their count. */
        long[] split(byte[] mbox) throws Exception {
            Object reader = create.newInstance(new ByteArrayInputStream(mbox), 10L << 20, Long.MAX_VALUE);
            open.invoke(reader);
            long bytes = 0;
            long count = 0;
            for (Object m; (m = next.invoke(reader)) != null; count++) {
                bytes += ((byte[]) content.invoke(m)).length;
            }
            return new long[] {bytes, count};
        }
    }
}
