import { describe, expect, it } from 'vitest'
import { annotationText } from '../../../src/report/annotation.js'

const failure = {
  taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/aaaa',
  container: 'app',
  headline: 'Task aaaa: container app exited with code 1.'
}
const URL = 'https://logs.example/aaaa'

describe('annotationText', () => {
  it('quotes the last lines, then points at the full log', () => {
    expect(annotationText(failure, ['PG::UndefinedColumn: ERROR', 'Tasks: TOP'], URL)).toBe(
      [
        'Task aaaa: container app exited with code 1. Its last 2 lines:',
        '  PG::UndefinedColumn: ERROR',
        '  Tasks: TOP',
        `Read its full log in CloudWatch: ${URL}`
      ].join('\n')
    )
  })

  it('ends with the advice when the failure has one', () => {
    expect(
      annotationText({ ...failure, advice: 'Give the container more memory' }, ['Killed'], URL)
    ).toBe(
      'Task aaaa: container app exited with code 1. Its last line:\n  Killed\nGive the container more memory.'
    )
  })

  it('is the headline alone without lines, advice or log', () => {
    expect(annotationText(failure, [], undefined)).toBe(failure.headline)
  })
})
