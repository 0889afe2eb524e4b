"""Events: the CloudEvents envelope, outbox, relay and consumers over NATS JetStream."""
