// Both of Java's wall clocks: the legacy millisecond one and java.time.
public class Timeprobe {
	public static void main(String[] args) {
		System.out.println(System.currentTimeMillis() / 1000 + " "
				+ java.time.Instant.now().getEpochSecond());
	}
}
