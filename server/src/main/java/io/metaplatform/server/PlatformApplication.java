package io.metaplatform.server;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the server, or with {@code token ...} as first argument prints a token of the local dev issuer
 * and exits (see {@link DevTokenCommand}).
 */
@SpringBootApplication(scanBasePackages = "io.metaplatform")
public class PlatformApplication {

    public static void main(String[] args) {
        // spring-boot:run puts --spring.profiles.active=... before the user's arguments.
        String[] own = Arrays.stream(args).filter(arg -> !arg.startsWith("--spring.")).toArray(String[]::new);
        if (own.length > 0 && own[0].equals(DevTokenCommand.NAME)) {
            System.exit(DevTokenCommand.run(Arrays.copyOfRange(own, 1, own.length), System.getenv(), System.out, System.err));
        }
        SpringApplication.run(PlatformApplication.class, args);
    }
}
