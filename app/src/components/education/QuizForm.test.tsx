import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../../lib/apiClient.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { QuizForm } from "./QuizForm.tsx";

const questions = [
  { prompt: "What does an AMM keep constant?", choices: ["x + y", "x · y"] },
  { prompt: "Who pays the swap fee?", choices: ["The trader", "The pool"] },
];

describe("QuizForm", () => {
  it("sends one choice per question, in order", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<QuizForm title="Check" questions={questions} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("x · y"));
    await user.click(screen.getByLabelText("The trader"));
    await user.click(screen.getByRole("button", { name: "Submit answers" }));
    expect(onSubmit).toHaveBeenCalledWith([1, 0]);
  });

  it("with a question unanswered, names it and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<QuizForm title="Check" questions={questions} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Submit answers" }));
    expect(screen.getByRole("alert").textContent).toBe("Answer every question first (missing: 1, 2).");
    await user.click(screen.getByLabelText("The pool"));
    await user.click(screen.getByRole("button", { name: "Submit answers" }));
    expect(screen.getByRole("alert").textContent).toBe("Answer every question first (missing: 1).");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the score when the API grades it below the pass mark", () => {
    renderWithIntl(
      <QuizForm
        title="Check"
        questions={questions}
        busy={false}
        onSubmit={vi.fn()}
        error={
          new ApiError(
            422,
            "quiz-not-passed",
            "You scored 50%; the pass mark is 100%. Review the module and try again.",
            "answers",
          )
        }
      />,
    );
    expect(screen.getByTestId("quiz-not-passed").textContent).toBe(
      "You scored 50 %; the pass mark is 100 %. Review the lesson and try again.",
    );
  });

  it("when it cannot be sent (not enrolled), explains and sends nothing", () => {
    renderWithIntl(
      <QuizForm
        title="Check"
        questions={questions}
        busy={false}
        onSubmit={vi.fn()}
        disabled="Enrol to record your progress and earn the certificate."
      />,
    );
    expect(screen.getByText("Enrol to record your progress and earn the certificate.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Submit answers" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
