// Both of Java's wall clocks: the legacy millisecond one and java.time.
// "Timeprobe loop [COUNT]": "YEAR MILLISECONDS" of one java.time reading
// every 100 ms, COUNT times (default 100), for tests that change the clock.
public class Timeprobe {
	public static void main(String[] args) throws InterruptedException {
		if (args.length > 0 && args[0].equals("loop")) {
			int count = args.length > 1 ? Integer.parseInt(args[1]) : 100;
			for (int i = 0; i < count; i++) {
				java.time.Instant now = java.time.Instant.now();
				System.out.println(now.atZone(java.time.ZoneOffset.UTC).getYear() + " "
						+ now.toEpochMilli());
				System.out.flush();
				Thread.sleep(100);
			}
			return;
		}
		System.out.println(System.currentTimeMillis() / 1000 + " "
				+ java.time.Instant.now().getEpochSecond());
	}
}
