// Java's ways to wait, timed on the kernel's uptime (/proc/uptime), which
// no session makes virtual: "MODE REAL_SECONDS" per wait of the given
// seconds.
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

public class Waits {
    static double uptime() throws Exception {
        String s = new String(Files.readAllBytes(Paths.get("/proc/uptime")));
        return Double.parseDouble(s.trim().split("\\s+")[0]);
    }

    interface Body { void run() throws Exception; }

    static void timed(String name, Body b) throws Exception {
        double t0 = uptime();
        b.run();
        System.out.printf("%s %.3f%n", name, uptime() - t0);
    }

    public static void main(String[] args) throws Exception {
        long ms = (long) (Double.parseDouble(args[0]) * 1000);
        timed("java.sleep", () -> Thread.sleep(ms));
        timed("java.scheduled", () -> {
            ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
            ex.schedule(() -> { }, ms, TimeUnit.MILLISECONDS).get();
            ex.shutdown();
        });
        timed("java.wait", () -> {
            Object o = new Object();
            synchronized (o) { o.wait(ms); }
        });
        long t0 = System.nanoTime();
        Thread.sleep(ms);
        System.out.printf("java.measured %.1f%n", (System.nanoTime() - t0) / 1e9);
    }
}
