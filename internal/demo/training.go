package demo

import (
	"context"
	"fmt"

	"tiaojie"
	"tiaojie/internal/roster"
)

// trainingTopics are the special sessions the demo's mediators attended
// besides the district's yearly unified training.
var trainingTopics = []string{"婚姻家庭纠纷调解实务", "物业纠纷调解技巧", "劳动争议调解实务", "民法典与人民调解", "矛盾纠纷排查化解", "调解协议书制作规范"}

// train gives four mediators in five a training history: the district's
// unified training (统一职业培训) of 8, 16 or 24 hours some weeks or months
// ago, a special session for every other one, and for every third one
// last year's unified training, more than 12 months back, which no
// longer counts. The fifth has none, so that the roster shows what an
// untrained mediator looks like. The training demo (training_courses.go)
// then sets the bureau's requirement, which flags them short.
func (l *loader) train(ctx context.Context) error {
	var ms []*roster.Mediator
	for off := 0; ; off += 200 {
		page, total, err := l.Roster.List(ctx, l.sys, roster.StaffFilter{Offset: off, Limit: 200})
		if err != nil {
			return err
		}
		ms = append(ms, page...)
		if off+200 >= total {
			break
		}
	}
	today := l.today()
	for i, m := range ms {
		if i%5 == 4 || m.Status == tiaojie.MediatorRemoved {
			continue
		}
		on := today.AddDate(0, 0, -(20 + i*7%200))
		records := []roster.TrainingInput{{Title: fmt.Sprintf("%d年全区人民调解员统一职业培训", on.Year()), HeldOn: on, Hours: 8 + i%3*8}}
		if i%2 == 0 {
			on := today.AddDate(0, 0, -(10 + i*11%300))
			records = append(records, roster.TrainingInput{Title: "人民调解员专题培训：" + trainingTopics[i%len(trainingTopics)], HeldOn: on, Hours: 4 + i%2*4})
		}
		if i%3 == 0 {
			on := today.AddDate(-1, 0, -(30 + i%60))
			records = append(records, roster.TrainingInput{Title: fmt.Sprintf("%d年全区人民调解员统一职业培训", on.Year()), HeldOn: on, Hours: 16})
		}
		for _, in := range records {
			if _, err := l.Roster.RecordTraining(ctx, l.sys, m.ID, in); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			l.sum.Training++
		}
	}
	return nil
}
