"""The review page's routes, one router per area: sign-in, queues, case, documents, events."""
