package tiaojie

import "testing"

func TestConsultTopics(t *testing.T) {
	seen := map[string]bool{}
	for _, topic := range ConsultTopics() {
		if seen[topic.Code] {
			t.Errorf("topic %s twice", topic.Code)
		}
		seen[topic.Code] = true
		if _, ok := DisputeTypeByCode(topic.DisputeType); !ok {
			t.Errorf("topic %s suggests unknown dispute type %q", topic.Code, topic.DisputeType)
		}
		if topic.Name == "" || topic.NameEn == "" {
			t.Errorf("topic %s has no name", topic.Code)
		}
	}
	for code, want := range map[string]string{"neighbour": "neighbour", "family": "marriage_family", "employer": "labour", "hospital": "medical"} {
		if got, ok := ConsultTopicByCode(code); !ok || got.DisputeType != want {
			t.Errorf("ConsultTopicByCode(%q) = %+v, want type %s", code, got, want)
		}
	}
	if _, ok := ConsultTopicByCode("gossip"); ok {
		t.Error("an unknown topic was found")
	}
}
