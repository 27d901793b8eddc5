"""What a client written against Cyclr's documented API meets: one module per area of issue 26."""
