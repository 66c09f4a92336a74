/**
 * The order Vitest starts test files in. Its own sequencer puts every file of one project before the files of
 * the next (e2e before unit, by name), so the two workers ran two browser test files at once (each a server,
 * Chromium and the test process, all on the same two cores) and then only unit files. This one keeps Vitest's
 * order within each project (unknown and failed files first, then the longest or largest) and alternates the
 * projects, so a browser test file mostly runs beside a unit file. No file depends on another's having run.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class AlternatingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const byProject = new Map<string, TestSpecification[]>();
    for (const file of sorted) {
      const name = file.project.name;
      byProject.set(name, [...(byProject.get(name) ?? []), file]);
    }
    const queues = [...byProject.values()];
    const order: TestSpecification[] = [];
    for (let i = 0; order.length < sorted.length; i++) {
      for (const queue of queues) if (i < queue.length) order.push(queue[i]!);
    }
    return order;
  }
}
