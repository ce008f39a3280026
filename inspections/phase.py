"""What this phase contributes to the meeting checklist, my work, reminders and documents."""
