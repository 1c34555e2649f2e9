"""Core services: every read and write a front-end may make, each checked for the actor."""
