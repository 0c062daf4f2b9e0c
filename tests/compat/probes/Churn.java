// 8 threads with garbage, timed waits, notifications and a scheduled task,
// until 30 s of the program's own time have passed: the JVM load that
// hangs libfaketime's users.  Prints "done N" with the rounds made.
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class Churn {
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Object lock = new Object();
        AtomicLong rounds = new AtomicLong();
        ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor();
        tick.scheduleAtFixedRate(() -> { synchronized (lock) { lock.notifyAll(); } },
                                 100, 100, TimeUnit.MILLISECONDS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                List<byte[]> junk = new ArrayList<>();
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 200; i++)
                        junk.add(new byte[1024 * (1 + (i + id) % 16)]);
                    if (junk.size() > 4000)
                        junk.clear();
                    synchronized (lock) {
                        try { lock.wait(1 + (rounds.get() + id) % 50); }
                        catch (InterruptedException e) { return; }
                    }
                    rounds.incrementAndGet();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads)
            th.join();
        tick.shutdownNow();
        System.out.println("done " + rounds.get());
    }
}
