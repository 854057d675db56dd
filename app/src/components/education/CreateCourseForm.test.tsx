import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { CreateCourseForm } from "./CreateCourseForm.tsx";

const chains = [
  { chainId: 31337, name: "Peper Local A" },
  { chainId: 31338, name: "Peper Local B" },
];

async function fill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Slug"), "defi-101");
  await user.type(screen.getByLabelText("Course title"), "DeFi 101");
  await user.type(screen.getByLabelText("Lesson title"), "What is an AMM");
  await user.type(screen.getByLabelText("Lesson text (Markdown)"), "Pools keep x · y constant.");
  await user.type(screen.getByLabelText("Quiz title"), "Check");
  await user.type(screen.getByLabelText("Quiz question"), "What stays constant?");
  await user.type(screen.getByLabelText("Answers to choose from"), "x + y{Enter}x · y");
  await user.selectOptions(screen.getByLabelText("Right answer"), "x · y");
}

describe("CreateCourseForm", () => {
  it("sends a draft with a lesson and a graded quiz on the chosen chain", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<CreateCourseForm chains={chains} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await fill(user);
    await user.clear(screen.getByLabelText("Pass mark (%)"));
    await user.type(screen.getByLabelText("Pass mark (%)"), "80");
    await user.selectOptions(screen.getByLabelText("Chain of the certificates"), "31338");
    await user.click(screen.getByRole("button", { name: "Create draft" }));
    expect(onSubmit).toHaveBeenCalledWith({
      slug: "defi-101",
      title: "DeFi 101",
      description: "",
      modules: [
        { id: "lesson-1", title: "What is an AMM", kind: "lesson", body: "Pools keep x · y constant." },
        {
          id: "quiz-1",
          title: "Check",
          kind: "quiz",
          questions: [{ prompt: "What stays constant?", choices: ["x + y", "x · y"], answer: 1 }],
          pass_mark: 80,
        },
      ],
      vr: false,
      chain_id: 31338,
      publish: false,
    });
  });

  it("empty, names each missing field and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<CreateCourseForm chains={chains} busy={false} onSubmit={onSubmit} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Create draft" }));
    const messages = screen.getAllByRole("alert").map((a) => a.textContent);
    expect(messages).toEqual([
      "Use lower-case letters and digits joined by single hyphens, like defi-101 (at most 64 characters).",
      "Enter a title.",
      "Enter the lesson's title.",
      "Write the lesson's text.",
      "Enter the quiz's title.",
      "Enter the question (at most 1,000 characters).",
      "Give 2 to 8 answers, one per line.",
      "Choose which answer is right.",
    ]);
    expect(screen.getByLabelText("Slug").getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a slug with capitals or spaces and a pass mark above 100", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<CreateCourseForm chains={chains} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await fill(user);
    await user.clear(screen.getByLabelText("Slug"));
    await user.type(screen.getByLabelText("Slug"), "DeFi 101");
    await user.clear(screen.getByLabelText("Pass mark (%)"));
    await user.type(screen.getByLabelText("Pass mark (%)"), "120");
    await user.click(screen.getByRole("button", { name: "Create draft" }));
    expect(screen.getAllByRole("alert").map((a) => a.textContent)).toEqual([
      "Use lower-case letters and digits joined by single hyphens, like defi-101 (at most 64 characters).",
      "The pass mark is a whole percentage from 1 to 100.",
    ]);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("without a chain that has a Certificates contract, cannot be sent", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<CreateCourseForm chains={[]} busy={false} onSubmit={onSubmit} />);
    expect((screen.getByRole("button", { name: "Create draft" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
