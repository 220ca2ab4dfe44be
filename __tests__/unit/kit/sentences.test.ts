import { describe, expect, it } from 'vitest'
import { clause, joinSentences, listOf, sentence } from '../../../src/kit/sentences.js'

// AWS messages come with and without a closing stop; the action's words around them must not
// double it ("found.. Check", "found.; the post step").
const AWS = {
  stop: 'Cluster not found.',
  bang: 'Cluster not found!',
  bare: 'Cluster not found',
  spaced: 'Unable to describe task definition.  \n'
}

describe('sentence', () => {
  it.each([
    [AWS.stop, 'Cluster not found.'],
    [AWS.bang, 'Cluster not found!'],
    [AWS.bare, 'Cluster not found.'],
    [AWS.spaced, 'Unable to describe task definition.'],
    ['Is it running?', 'Is it running?'],
    ['got "kkk…"', 'got "kkk…".'],
    ['', '']
  ])('%j → %j', (text, expected) => {
    expect(sentence(text)).toBe(expected)
  })
})

describe('clause', () => {
  it.each([
    [AWS.stop, 'Cluster not found'],
    [AWS.bang, 'Cluster not found'],
    [AWS.bare, 'Cluster not found'],
    [AWS.spaced, 'Unable to describe task definition'],
    ['listed;', 'listed'],
    ['Is it running?', 'Is it running?'],
    ['version 1.4.0', 'version 1.4.0']
  ])('%j → %j', (text, expected) => {
    expect(clause(text)).toBe(expected)
  })

  it('goes on inside a sentence without doubled punctuation', () => {
    for (const aws of Object.values(AWS)) {
      const text = `Could not stop task aaaa: ${clause(aws)}; the post step will try again.`
      expect(text).not.toMatch(/[.!]\s*;/)
    }
  })
})

describe('joinSentences', () => {
  it.each(Object.entries(AWS))('closes an AWS message (%s) once before the advice', (_, aws) => {
    const text = joinSentences(`Task definition "app" was not found: ${aws}`, 'Check the input')
    expect(text).toMatch(
      /^Task definition "app" was not found: (Unable to describe task definition|Cluster not found)[.!] Check the input\.$/
    )
  })

  it('leaves out empty parts', () => {
    expect(joinSentences('One', undefined, '', 'Two.')).toBe('One. Two.')
  })
})

describe('listOf', () => {
  it('joins words as one alternative', () => {
    expect(listOf([])).toBe('')
    expect(listOf(['a'])).toBe('a')
    expect(listOf(['a', 'b'])).toBe('a or b')
    expect(listOf(['a', 'b', 'c'])).toBe('a, b or c')
  })
})
