# bench:load: Locust's fast client (FastHttpUser, geventhttpclient) against the same loopback
# target, no wait time, for scale beside the engine and autocannon.
from locust import FastHttpUser, constant, task


class Bench(FastHttpUser):
    wait_time = constant(0)

    @task
    def root(self):
        self.client.get("/")
