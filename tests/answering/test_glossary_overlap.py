"""Glossary entries that straddle each other in a question are not both read: "online retail sales" is online retail
(网络零售, given only as a 2024 target), not also retail sales (社会消费品零售总额, a 2023 figure)."""

from fastapi.testclient import TestClient


def test_straddling_entries_do_not_add_a_second_metric(client: TestClient) -> None:
    online_2023 = client.post("/api/ask", json={"question": "What was online retail sales in 2023?"}).json()
    # The 2023 figure of another metric would be a wrong fact (a refusal may still quote it as the nearest passage).
    assert "344.4亿元" not in [f["printed"] for f in online_2023["figures"]]
    total_2023 = client.post("/api/ask", json={"question": "What were total retail sales in 2023?"}).json()
    assert total_2023["answerable"] and "344.4亿元" in total_2023["answer"]
    online_2024 = client.post("/api/ask", json={"question": "What is the online retail sales target for 2024?"}).json()
    assert online_2024["answerable"] and "85亿元" in online_2024["answer"]
