"""Qt-free use-cases over the Calendly client: session, event types, availability (W);
booking and scheduled events (B)."""
