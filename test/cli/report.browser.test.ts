/**
 * The HTML report opened in headless Chromium (Debian's `chromium`), at 300 operations (a real run
 * through the CLI, shrinking on) and at 10^4 operations (a real run of that many, faithful mode, as
 * the CLI runs it: step traces kept only where a step went wrong). Screenshots plus interaction:
 * zoom (buttons, wheel, minimap brush), filters, following links (list row → details → shrunk
 * scenario; scenario's operation link → details), and the layout from 1,000 px to wide.
 *
 * `scripts/ensure-chromium.sh` installs Chromium when it is missing; if that or the launch fails,
 * this test fails (it never skips). Screenshots are decoded in the page itself (a canvas), so the
 * check needs no image library. `REPORT_SHOTS=dir` keeps the screenshots there.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { renderReport } from '../../src/cli/report/html.js'
import { summarize } from '../../src/cli/summary.js'
import { generate } from '../../src/simulator/generate.js'
import { simulate } from '../../src/simulator/Simulation.js'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

interface Counts {
  readonly pixels: number
  readonly ink: number
  readonly green: number
  readonly orange: number
  readonly red: number
}

/** Runs in the page (plain JS: the project's tsconfig has no DOM types): decodes the PNG, counts. */
const COUNT_PIXELS = `async (b64) => {
  const img = new Image()
  img.src = 'data:image/png;base64,' + b64
  await img.decode()
  const canvas = document.createElement('canvas')
  canvas.width = img.width
  canvas.height = img.height
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const d = ctx.getImageData(0, 0, img.width, img.height).data
  const near = (i, r, g, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40
  let ink = 0, green = 0, orange = 0, red = 0
  for (let i = 0; i < d.length; i += 4) {
    if (!(near(i, 255, 255, 255) || near(i, 246, 248, 250))) ink++
    if (near(i, 0x2e, 0x8b, 0x57)) green++
    if (near(i, 0xe8, 0x71, 0x0a)) orange++
    if (near(i, 0xd9, 0x30, 0x25)) red++
  }
  return { pixels: d.length / 4, ink, green, orange, red }
}`

const dir = mkdtempSync(join(tmpdir(), 'hbm-report-'))
const shots = process.env['REPORT_SHOTS'] ?? dir
const small = join(dir, 'report-300.html')
const large = join(dir, 'report-10000.html')
let context: BrowserContext

beforeAll(async () => {
  const install = spawnSync(
    'bash',
    [join(import.meta.dirname, '..', '..', 'scripts', 'ensure-chromium.sh')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 540_000 }
  )
  if (install.status !== 0)
    throw new Error(
      `Chromium is required for this test and could not be installed:\n${install.stderr}${install.stdout}`
    )
  mkdirSync(shots, { recursive: true })
  const files: Record<string, string> = {}
  const io: Io = {
    out: () => undefined,
    err: () => undefined,
    progressStream: { isTTY: false, write: () => true },
    readFile: () => Promise.reject(new Error('no files')),
    writeFile: (p, t) => {
      files[p] = t
      return Promise.resolve()
    },
    now: () => performance.now()
  }
  const code = await main(
    ['simulate', '--mode', 'faithful', '--ops', '300', '--seed', '1', '--report', 'r.html'],
    io
  )
  expect(code).toBe(1)
  writeFileSync(small, files['r.html'] ?? '')
  const t0 = performance.now()
  const big = await simulate(
    generate({ seed: 2, mode: 'faithful', tables: 3, servers: 2 }, { ops: 10_000, faultRate: 0.2 }),
    { keepLog: false, keepSteps: false }
  )
  const wallMs = Math.round(performance.now() - t0)
  writeFileSync(large, renderReport(big, summarize(big, wallMs, 'memory', new Map()), 'backup:system'))
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 }
  })
}, 600_000)

afterAll(async () => {
  await context?.close()
})

const open = async (file: string, width = 1280): Promise<Page> => {
  const page = await context.newPage()
  await page.setViewportSize({ width, height: 900 })
  const errors: Array<string> = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(pathToFileURL(file).href)
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
  expect(errors).toEqual([])
  return page
}

const range = async (page: Page): Promise<readonly [number, number]> => {
  const m = /#(\d+)–#(\d+)/.exec((await page.locator('#range').textContent()) ?? '')
  return [Number(m?.[1]), Number(m?.[2])]
}

const counts = async (page: Page, png: Buffer): Promise<Counts> =>
  page.evaluate<Counts>(`(${COUNT_PIXELS})(${JSON.stringify(png.toString('base64'))})`)

describe('the HTML report in Chromium, 300 operations', () => {
  it('draws the timeline, its lanes and the minimap (screenshot pixels)', async () => {
    const page = await open(small)
    await page.screenshot({ path: join(shots, 'report-300-page.png') })
    const chart = page.locator('#timeline')
    const png = await chart.screenshot({ path: join(shots, 'report-300-timeline.png') })
    const box = await chart.boundingBox()
    expect(box?.width).toBeGreaterThan(1000)
    const c = await counts(page, png)
    expect(c.ink / c.pixels).toBeGreaterThan(0.05)
    expect(c.green).toBeGreaterThan(500)
    expect(c.orange + c.red).toBeGreaterThan(50)
    expect(await page.locator('#range').textContent()).toContain('#1–#300 of 300')
    await page.close()
  }, 60_000)

  it('zooms with the buttons and the wheel, and back to the whole run', async () => {
    const page = await open(small)
    await page.locator('#zoom-in').click()
    await page.locator('#zoom-in').click()
    const [a, b] = await range(page)
    expect(b - a + 1).toBeLessThanOrEqual(76)
    const main = await page.locator('#main').boundingBox()
    if (main === null) throw new Error('no timeline')
    await page.mouse.move(main.x + main.width / 2, main.y + 60)
    await page.mouse.wheel(0, -400)
    const [a2, b2] = await range(page)
    expect(b2 - a2).toBeLessThan(b - a)
    await page.locator('#main').screenshot({ path: join(shots, 'report-300-zoomed.png') })
    await page.locator('#zoom-reset').click()
    expect(await range(page)).toEqual([1, 300])
    await page.close()
  }, 60_000)

  it('filters the list to the violations, and follows a row to its details and its shrunk scenario', async () => {
    const page = await open(small)
    await page.locator('#f-violations').check()
    const count = (await page.locator('#count').textContent()) ?? ''
    const m = /^(\d+) of 300 operations match/.exec(count)
    expect(m).not.toBeNull()
    const n = Number(m?.[1])
    expect(n).toBeGreaterThan(0)
    const rows = page.locator('#list-rows .row')
    const shown = await rows.all()
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThanOrEqual(n)
    for (const row of shown) expect(await row.getAttribute('class')).toContain('bad')
    await rows.first().click()
    const details = page.locator('#details')
    await expect.poll(() => details.textContent()).toMatch(/Operation #\d+/)
    expect(page.url()).toMatch(/#op-\d+$/)
    const link = details.locator('a[href^="#inv-"]').first()
    const target = (await link.getAttribute('href')) ?? ''
    await link.click()
    await expect.poll(() => page.evaluate('location.hash')).toBe(target)
    const section = page.locator(target)
    expect(await section.locator('pre.scenario').textContent()).toMatch(/^config seed=1 mode=faithful/m)
    const sbox = await section.boundingBox()
    // the section is scrolled into sight
    expect(sbox !== null && sbox.y + sbox.height > 0 && sbox.y < 900).toBe(true)
    // and back: the section's operation link selects that operation
    const opLink = section.locator('a[href^="#op-"]').first()
    const opN = ((await opLink.getAttribute('href')) ?? '').slice('#op-'.length)
    await opLink.click()
    await expect.poll(() => details.locator('h3').textContent()).toContain(`Operation #${opN}`)
    await page.screenshot({ path: join(shots, 'report-300-violations.png') })
    await page.close()
  }, 60_000)

  it('shows the table rows a violating operation changed as a diff, and the final state as tables', async () => {
    const page = await open(small)
    const diff = page.locator('section .diff').first()
    expect(await diff.locator('.del, .add').count()).toBeGreaterThan(0)
    expect(await diff.locator('.same').textContent()).toMatch(/\d+ unchanged rows/)
    expect(await page.locator('#final-sessions tr').count()).toBeGreaterThan(5)
    await page.close()
  }, 60_000)

  it('lays out from 1,000 px to wide: no horizontal scroll at 1,000 px, the timeline fills 1,920 px', async () => {
    const narrow = await open(small, 1000)
    expect(await narrow.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1000)
    // the whole chart is inside its frame (the frame clips: a wider canvas would lose its right end)
    const frame = await narrow.locator('#timeline').boundingBox()
    for (const id of ['#main', '#mini']) {
      const c = await narrow.locator(id).boundingBox()
      expect(c !== null && frame !== null && c.x + c.width <= frame.x + frame.width).toBe(true)
    }
    await narrow.screenshot({ path: join(shots, 'report-300-1000px.png') })
    await narrow.close()
    const wide = await open(small, 1920)
    const box = await wide.locator('#main').boundingBox()
    expect(box?.width).toBeGreaterThan(1800)
    await wide.close()
  }, 60_000)
})

describe('the HTML report in Chromium, 10^4 operations', () => {
  it('opens with a virtualised list, zooms by brushing the minimap, filters, and links a mark to its operation', async () => {
    const page = await open(large)
    expect(await page.locator('#range').textContent()).toContain('of 10,000')
    // only the rows in sight exist
    expect(await page.locator('#list-rows .row').count()).toBeLessThan(60)
    const full = await page
      .locator('#timeline')
      .screenshot({ path: join(shots, 'report-10000-timeline.png') })
    const c = await counts(page, full)
    expect(c.green).toBeGreaterThan(500)
    expect(c.red).toBeGreaterThan(20)
    await page.screenshot({ path: join(shots, 'report-10000-page.png') })
    // brush operations ~2,000–2,500 on the minimap
    const mini = await page.locator('#mini').boundingBox()
    if (mini === null) throw new Error('no minimap')
    const left = mini.x + 120
    const plot = mini.width - 130
    await page.mouse.move(left + plot * 0.2, mini.y + 20)
    await page.mouse.down()
    await page.mouse.move(left + plot * 0.225, mini.y + 20, { steps: 5 })
    await page.mouse.move(left + plot * 0.25, mini.y + 20, { steps: 5 })
    await page.mouse.up()
    const [a, b] = await range(page)
    expect(a).toBeGreaterThan(1_800)
    expect(b).toBeLessThan(2_700)
    expect(b - a).toBeLessThan(800)
    await page.locator('#timeline').screenshot({ path: join(shots, 'report-10000-brushed.png') })
    // click the middle of the zoomed timeline: that operation's details
    const main = await page.locator('#main').boundingBox()
    if (main === null) throw new Error('no timeline')
    await page.mouse.click(main.x + 120 + (main.width - 130) / 2, main.y + 60)
    const h = (await page.locator('#details h3').textContent()) ?? ''
    const picked = Number(/#(\d+)/.exec(h)?.[1])
    expect(picked).toBeGreaterThanOrEqual(a)
    expect(picked).toBeLessThanOrEqual(b)
    expect(page.url()).toContain(`#op-${picked}`)
    expect(await page.locator('#list-rows .row.sel').textContent()).toContain(`#${picked}`)
    // filters: failed operations of one kind
    await page.locator('#f-failed').check()
    await page.locator('#f-kind').selectOption('full')
    const m = /^([\d,]+) of 10,000 operations match/.exec((await page.locator('#count').textContent()) ?? '')
    expect(m).not.toBeNull()
    const n = Number((m?.[1] ?? '').replace(/,/g, ''))
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(10_000)
    for (const t of await page.locator('#list-rows .row code').allTextContents()) expect(t).toMatch(/full/)
    await page.screenshot({ path: join(shots, 'report-10000-filtered.png') })
    await page.close()
  }, 120_000)
})
