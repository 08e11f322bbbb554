"""The launch plan's load test of the data layer's API, as a locustfile.

Each simulated user creates a goal with only a description, reads it back by its goal_id,
creates a task on it, then reads and patches one of the registered agents. Run it against the
gateway (or the data layer) of the rehearsal platform:

    locust -f resources/examples/locustfile.py --headless --host http://127.0.0.1:8000 -u 10 -r 5 -t 1m

or from Warroom, as the `locust-check` profile of the bundled rehearsal config. Request names are
the endpoint labels Warroom's reports use ("GET /api/v1/goals/{goal_id}"), so each endpoint is one
row however many ids it sees. Written for Locust 2.12 (Debian's python3-locust) and later.
"""
import random

from locust import HttpUser, between, tag, task

# The rehearsal data layer registers agent-001 … agent-050 when it starts.
SEEDED_AGENTS = 50
AGENT_STATUSES = ("active", "idle", "busy")


class DataLayerUser(HttpUser):
    wait_time = between(0.5, 1.5)

    @tag("goals")
    @task(3)
    def create_and_read_goal(self):
        description = f"load test goal {random.randint(1, 100_000)}"
        with self.client.post("/api/v1/goals/", json={"description": description}, name="POST /api/v1/goals/", catch_response=True) as created:
            if created.status_code != 201:
                created.failure(f"expected 201, got {created.status_code}")
                return
            goal_id = created.json().get("goal_id")
            if not goal_id:
                created.failure("the created goal has no goal_id")
                return
        with self.client.get(f"/api/v1/goals/{goal_id}", name="GET /api/v1/goals/{goal_id}", catch_response=True) as read:
            if read.status_code == 200 and read.json().get("goal_text") != description:
                read.failure("goal_text is not the description sent")
        with self.client.post(
            "/api/v1/tasks/",
            json={"goal_id": goal_id, "title": f"task {random.randint(1, 1000)}", "inputs": {"source": "locust"}, "outputs": {}},
            name="POST /api/v1/tasks/",
            catch_response=True,
        ) as created_task:
            if created_task.status_code != 201:
                created_task.failure(f"expected 201, got {created_task.status_code}")

    @tag("agents")
    @task(2)
    def read_and_patch_agent(self):
        agent_id = f"agent-{random.randint(1, SEEDED_AGENTS):03d}"
        self.client.get(f"/api/v1/agents/{agent_id}", name="GET /api/v1/agents/{agent_id}")
        self.client.patch(f"/api/v1/agents/{agent_id}", json={"status": random.choice(AGENT_STATUSES)}, name="PATCH /api/v1/agents/{agent_id}")
